import { TOPIC_CONSUMERS } from '@orderflow/contracts';
import { ServiceDescriptor } from '@orderflow/platform';

/**
 * HTTP in, Kafka out; and channel.notifications in, channels' webhooks out (docs/adr/0035). It
 * owns no event streams, so it has no relay.
 */
export const SERVICE: ServiceDescriptor = {
  name: 'ingest-gateway',
  defaultPort: 3001,
  consumes: TOPIC_CONSUMERS['ingest-gateway'],
  remembers: [
    { table: 'ingest_requests', column: 'created_at' },
    { table: 'ingest_messages', column: 'published_at' },
    // Webhook deliveries once settled (their attempts go with them); pending ones are never swept.
    { table: 'webhook_deliveries', column: 'coalesce(delivered_at, failed_at)' },
  ],
};
