import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { productionRequestMessages, ServiceDescriptor, stockAlertMessages } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'inventory-service',
  defaultPort: 3011,
  consumes: TOPIC_CONSUMERS['inventory-service'],
  // Low-stock alerts are inventory events too: the relay also puts each on inventory.alerts (docs/adr/0036).
  // Production orders go to the factory as well: the relay also puts each on production.requests (docs/adr/0039).
  relay: {
    categories: ['warehouse', 'stock', 'reservation', 'restock', 'stockalert', 'production'],
    topic: Topics.inventoryEvents,
    extraMessages: (event, topicOf) => [...stockAlertMessages(event, topicOf), ...productionRequestMessages(event, topicOf)],
  },
  // Every order of a SKU appends to that SKU's stock stream: batches of one replica are applied one
  // after another, so they never race for a hot stream; within a batch, the stream is decided on in
  // memory and written once (see docs/adr/0003).
  partitionsConcurrently: 1,
};
