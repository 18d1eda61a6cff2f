import { Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'order-service',
  defaultPort: 3010,
  consumes: [
    { topic: Topics.channelOrders, dlqOwner: true },
    { topic: Topics.inventoryEvents },
    { topic: Topics.shippingEvents },
  ],
  relay: { categories: ['order'], topic: Topics.orderEvents },
};
