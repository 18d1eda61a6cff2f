import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'inventory-service',
  defaultPort: 3011,
  relay: { categories: ['stock', 'reservation'], topic: 'inventory.events' },
};
