import { ServiceDescriptor } from '@orderflow/platform';

/** HTTP in, Kafka out: it consumes nothing and owns no event streams, so it has no relay. */
export const SERVICE: ServiceDescriptor = {
  name: 'ingest-gateway',
  defaultPort: 3001,
  remembers: [
    { table: 'ingest_requests', column: 'created_at' },
    { table: 'ingest_messages', column: 'published_at' },
  ],
};
