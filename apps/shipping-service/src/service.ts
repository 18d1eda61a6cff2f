import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'shipping-service',
  defaultPort: 3012,
  relay: { categories: ['shipment'], topic: 'shipping.events' },
};
