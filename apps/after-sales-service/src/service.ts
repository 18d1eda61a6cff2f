import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'after-sales-service',
  defaultPort: 3013,
  relay: { categories: ['return', 'complaint'], topic: 'aftersales.events' },
};
