import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'inventory-service',
  defaultPort: 3011,
  consumes: TOPIC_CONSUMERS['inventory-service'],
  relay: { categories: ['warehouse', 'stock', 'reservation', 'restock'], topic: Topics.inventoryEvents },
  // Every order of a SKU appends to that SKU's stock stream: batches of one replica are applied one
  // after another, so they never race for a hot stream; within a batch, the stream is decided on in
  // memory and written once (see docs/adr/0003).
  partitionsConcurrently: 1,
};
