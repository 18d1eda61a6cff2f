import { TOPIC_CONSUMERS, Topics } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'shipping-service',
  defaultPort: 3012,
  consumes: TOPIC_CONSUMERS['shipping-service'],
  relay: { categories: ['shipment', 'carrier'], topic: Topics.shippingEvents },
};
