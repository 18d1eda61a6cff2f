import { MigrationInterface } from 'typeorm';
import { CreateIngestLedger1732400060000 } from './1732400060000-create-ingest-ledger';

/** Tables of the ingest gateway's own (idempotency keys and published message ids), in order. */
export const ingestMigrations: (new () => MigrationInterface)[] = [CreateIngestLedger1732400060000];
