import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { paymentRequestMessages, ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'order-service',
  defaultPort: 3010,
  consumes: TOPIC_CONSUMERS['order-service'],
  // Payment requests are order events too: the relay also puts each on payment.requests (ADR 31).
  // Its reference data is published too (docs/adr/0032): the shipping service keeps the products' weights.
  relay: { categories: ['order', 'channel', 'leadtime', 'product'], topic: Topics.orderEvents, extraMessages: paymentRequestMessages },
};
