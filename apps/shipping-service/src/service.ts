import { Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'shipping-service',
  defaultPort: 3012,
  consumes: [
    { topic: Topics.carrierTracking, dlqOwner: true },
    { topic: Topics.warehouseOperations },
    { topic: Topics.inventoryEvents },
  ],
  relay: { categories: ['shipment'], topic: Topics.shippingEvents },
};
