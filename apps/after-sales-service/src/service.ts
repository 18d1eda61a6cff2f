import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'after-sales-service',
  defaultPort: 3013,
  consumes: TOPIC_CONSUMERS['after-sales-service'],
  relay: { categories: ['return', 'complaint'], topic: Topics.aftersalesEvents },
};
