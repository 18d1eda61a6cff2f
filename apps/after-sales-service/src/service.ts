import { Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'after-sales-service',
  defaultPort: 3013,
  // channel.orders and warehouse.operations are dead-lettered by their owners (order, inventory).
  consumes: [
    { topic: Topics.channelOrders },
    { topic: Topics.warehouseOperations },
    { topic: Topics.orderEvents },
    { topic: Topics.shippingEvents },
  ],
  relay: { categories: ['return', 'complaint'], topic: Topics.aftersalesEvents },
};
