import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { paymentRequestMessages, ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'order-service',
  defaultPort: 3010,
  consumes: TOPIC_CONSUMERS['order-service'],
  // Payment requests are order events too: the relay also puts each on payment.requests (ADR 31).
  relay: { categories: ['order'], topic: Topics.orderEvents, extraMessages: paymentRequestMessages },
};
