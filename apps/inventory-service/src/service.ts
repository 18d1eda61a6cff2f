import { Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'inventory-service',
  defaultPort: 3011,
  consumes: [
    { topic: Topics.warehouseOperations, dlqOwner: true },
    { topic: Topics.orderEvents },
    { topic: Topics.shippingEvents },
    { topic: Topics.aftersalesEvents },
  ],
  relay: { categories: ['warehouse', 'stock', 'reservation'], topic: Topics.inventoryEvents },
};
