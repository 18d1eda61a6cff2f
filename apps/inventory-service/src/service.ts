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
  relay: { categories: ['warehouse', 'stock', 'reservation', 'restock'], topic: Topics.inventoryEvents },
  // Every order of a SKU appends to that SKU's stock stream: one message per transaction keeps
  // the rows it holds, and the readers it holds back, to a minimum (see docs/adr/0003).
  unitOfWorkSize: 1,
};
