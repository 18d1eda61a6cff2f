import { MigrationInterface, QueryRunner } from 'typeorm';
import { DB_ROLES } from '@orderflow/event-store';

const ROLE = DB_ROLES['ingest-gateway'];

/**
 * Signed webhooks (docs/adr/0035): each channel's endpoint (its secret sealed, never in the clear
 * while PII_MASTER_KEY is set), every notification to deliver (one row per channel and message id,
 * which is what makes consuming idempotent), and every attempt made. Granted to the gateway's own
 * role alone; it also reads and writes the shared inbox now that it consumes channel.notifications.
 */
export class CreateWebhooks1732400060300 implements MigrationInterface {
  name = 'CreateWebhooks1732400060300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        channel       text        PRIMARY KEY,
        url           text        NOT NULL,
        secret_sealed text        NOT NULL,
        registered_by text        NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id                bigserial   PRIMARY KEY,
        channel           text        NOT NULL,
        message_id        uuid        NOT NULL,
        order_key         text        NOT NULL,
        order_id          uuid        NOT NULL,
        external_order_id text        NOT NULL,
        type              text        NOT NULL,
        body              text        NOT NULL,
        status            text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts          integer     NOT NULL DEFAULT 0,
        replays           integer     NOT NULL DEFAULT 0,
        created_at        timestamptz NOT NULL DEFAULT now(),
        window_started_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        last_attempt_at   timestamptz,
        last_status_code  integer,
        last_error        text,
        delivered_at      timestamptz,
        failed_at         timestamptz,
        UNIQUE (channel, message_id)
      )`);
    // The dispatcher's reads: what is due per channel, and whether an earlier delivery of its order is still pending.
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (channel, next_attempt_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (channel, order_key, id) WHERE status = 'pending'`);
    // The delivery log: a channel's deliveries, newest first, optionally of one order.
    await q.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (channel, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_order ON webhook_deliveries (channel, order_id, id DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt     integer     NOT NULL,
        at          timestamptz NOT NULL,
        status_code integer,
        error       text,
        duration_ms integer     NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON webhook_attempts TO ${ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE webhook_deliveries_id_seq TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON inbox TO ${ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT, INSERT, DELETE ON inbox FROM ${ROLE}`);
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
