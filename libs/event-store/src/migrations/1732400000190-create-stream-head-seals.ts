import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * Signed seals of the streams' heads (docs/adr/0019). A seal records, at a point of the global
 * order, the head (version, hash) of every stream that changed since the seal before it, each head
 * with its own HMAC, and signs the whole together with the previous seal's signature. The key lives
 * outside the database. Like the events, seals are append-only: the application role may add and
 * read them, a trigger stops everyone else short of a superuser disabling it.
 */
export class CreateStreamHeadSeals1732400000190 implements MigrationInterface {
  name = 'CreateStreamHeadSeals1732400000190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_seals (
        seal_id             bigint      PRIMARY KEY CHECK (seal_id >= 1),
        sealed_at           timestamptz NOT NULL,
        upto_transaction_id xid8        NOT NULL,
        upto_position       bigint      NOT NULL,
        heads_count         integer     NOT NULL CHECK (heads_count >= 0),
        heads_digest        char(64)    NOT NULL,
        key_id              char(16)    NOT NULL,
        prev_signature      char(64)    NOT NULL,
        signature           char(64)    NOT NULL,
        CONSTRAINT audit_seals_prev_signature_key UNIQUE (prev_signature)
      )`);
    await q.query(`
      CREATE TABLE audit_seal_heads (
        seal_id        bigint   NOT NULL REFERENCES audit_seals (seal_id),
        stream_id      text     NOT NULL,
        stream_version integer  NOT NULL CHECK (stream_version >= 1),
        hash           char(64) NOT NULL,
        mac            char(64) NOT NULL,
        PRIMARY KEY (seal_id, stream_id)
      )`);
    // Verification walks the heads in the events' own (stream, version) order.
    await q.query(`CREATE INDEX audit_seal_heads_by_stream ON audit_seal_heads (stream_id, stream_version, seal_id)`);
    await q.query(`
      CREATE FUNCTION audit_seals_reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['audit_seals', 'audit_seal_heads']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only_rows BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_seals_reject_mutation()`);
      await q.query(`
        CREATE TRIGGER ${table}_append_only_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_reject_mutation()`);
      await q.query(`REVOKE ALL ON ${table} FROM PUBLIC`);
      await q.query(`GRANT SELECT, INSERT ON ${table} TO ${APP_ROLE}`);
    }
  }

  async down(): Promise<void> {
    throw new Error('seals are evidence: they are never dropped by a migration');
  }
}
