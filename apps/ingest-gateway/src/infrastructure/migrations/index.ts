import { MigrationInterface } from 'typeorm';
import { CreateIngestLedger1732400060000 } from './1732400060000-create-ingest-ledger';
import { IngestLedgerRetention1732400060100 } from './1732400060100-ingest-ledger-retention';
import { IngestGatewayRole1732400060200 } from './1732400060200-ingest-gateway-role';

/** Tables of the ingest gateway's own (idempotency keys and published message ids), in order. */
export const ingestMigrations: (new () => MigrationInterface)[] = [CreateIngestLedger1732400060000, IngestLedgerRetention1732400060100, IngestGatewayRole1732400060200];
