import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'order-service',
  defaultPort: 3010,
  relay: { categories: ['order'], topic: 'order.events' },
};
