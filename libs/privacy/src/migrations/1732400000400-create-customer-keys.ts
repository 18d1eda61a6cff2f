import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@orderflow/event-store';

/**
 * Who may do what on customer_keys, in one place so it moves easily to per-service roles:
 * - ingest-gateway and order-service seal: SELECT, INSERT;
 * - query-service opens: SELECT;
 * - the CLI's `gdpr erase` destroys keys: SELECT, UPDATE (wrapped_key, erased_at, erased_by).
 * Nothing deletes a row: an erased key keeps its ref, whose it was, and who erased it when.
 */
export const CUSTOMER_KEY_GRANTS = [
  `GRANT SELECT, INSERT ON customer_keys TO ${APP_ROLE}`,
  `GRANT UPDATE (wrapped_key, erased_at, erased_by) ON customer_keys TO ${APP_ROLE}`,
];

/**
 * The customers' data keys (docs/adr/0022), outside the append-only store so that a key can be
 * destroyed: a key's wrapped bytes are set to NULL when its customer is erased. Each is wrapped by
 * the master key (PII_MASTER_KEY), which never enters the database. One live key per customer of a
 * channel; a customer who comes back after an erasure gets a new one.
 */
export class CreateCustomerKeys1732400000400 implements MigrationInterface {
  name = 'CreateCustomerKeys1732400000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer_keys (
        key_ref     text        PRIMARY KEY CHECK (key_ref ~ '^[A-Za-z0-9_-]{22}$'),
        channel     text        NOT NULL,
        customer_id text        NOT NULL,
        wrapped_key bytea,
        created_at  timestamptz NOT NULL DEFAULT now(),
        erased_at   timestamptz,
        erased_by   text,
        CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)),
        CHECK ((erased_at IS NULL) = (erased_by IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX customer_keys_live_idx ON customer_keys (channel, customer_id) WHERE wrapped_key IS NOT NULL`);
    await q.query(`CREATE INDEX customer_keys_customer_idx ON customer_keys (customer_id)`);
    for (const grant of CUSTOMER_KEY_GRANTS) await q.query(grant);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE customer_keys`);
  }
}
