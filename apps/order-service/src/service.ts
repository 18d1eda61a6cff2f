import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'order-service',
  defaultPort: 3010,
  consumes: TOPIC_CONSUMERS['order-service'],
  relay: { categories: ['order'], topic: Topics.orderEvents },
};
