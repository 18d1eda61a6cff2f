import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'query-service',
  defaultPort: 3000,
};
