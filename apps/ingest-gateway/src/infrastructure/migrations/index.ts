import { MigrationInterface } from 'typeorm';
import { CreateIngestLedger1732400060000 } from './1732400060000-create-ingest-ledger';
import { IngestLedgerRetention1732400060100 } from './1732400060100-ingest-ledger-retention';

/** Tables of the ingest gateway's own (idempotency keys and published message ids), in order. */
export const ingestMigrations: (new () => MigrationInterface)[] = [CreateIngestLedger1732400060000, IngestLedgerRetention1732400060100];
