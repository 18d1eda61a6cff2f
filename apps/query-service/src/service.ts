import { ServiceDescriptor } from '@orderflow/platform';

export const SERVICE: ServiceDescriptor = {
  name: 'query-service',
  defaultPort: 3000,
  // Its HTTP API is the hot path: Fastify's per-request cost is a fraction of Express's (docs/adr/0016).
  http: 'fastify',
};
