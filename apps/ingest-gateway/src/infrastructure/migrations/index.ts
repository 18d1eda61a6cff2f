import { MigrationInterface } from 'typeorm';
import { CreateIngestLedger1732400060000 } from './1732400060000-create-ingest-ledger';
import { IngestLedgerRetention1732400060100 } from './1732400060100-ingest-ledger-retention';
import { IngestGatewayRole1732400060200 } from './1732400060200-ingest-gateway-role';
import { CreateWebhooks1732400060300 } from './1732400060300-create-webhooks';

/** Tables of the ingest gateway's own (idempotency keys, published message ids, webhooks), in order. */
export const ingestMigrations: (new () => MigrationInterface)[] = [CreateIngestLedger1732400060000, IngestLedgerRetention1732400060100, IngestGatewayRole1732400060200, CreateWebhooks1732400060300];
