import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tx } from '@orderflow/event-store';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** A notification to deliver, as the consumer enqueues it: `body` is the Kafka value, byte for byte. */
export interface NewDelivery {
  channel: string;
  messageId: string;
  orderKey: string;
  orderId: string;
  externalOrderId: string;
  type: string;
  body: string;
}

/** A delivery the dispatcher may attempt now: the oldest pending one of its order. */
export interface DueDelivery {
  id: string;
  channel: string;
  messageId: string;
  orderKey: string;
  body: string;
  attempts: number;
  createdAt: Date;
  windowStartedAt: Date;
}

export interface AttemptRecord {
  at: Date;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/** An entry of the delivery log (GET /admin/channels/{channel}/webhook/deliveries). */
export interface DeliveryLogEntry {
  messageId: string;
  type: string;
  orderId: string;
  externalOrderId: string;
  status: DeliveryStatus;
  attempts: number;
  replays: number;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  /** The latest attempts, newest first (at most ATTEMPTS_SHOWN). */
  history: { attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

export const ATTEMPTS_SHOWN = 20;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The `webhook_deliveries` table (docs/adr/0035): one row per channel and message id, written in the
 * consumer's unit of work, so a notification is either enqueued (and its offset then committed) or
 * read again; the unique key makes a redelivery or a duplicate nothing. The id (arrival order, which
 * follows the partition's order and so the order's) decides which delivery of an order goes first.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(private readonly dataSource: DataSource) {}

  /** Enqueues, in order, the notifications of channels that registered a webhook; the rest are not kept. */
  async enqueue(tx: Tx, deliveries: readonly NewDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const col = <K extends keyof NewDelivery>(k: K) => deliveries.map((d) => d[k]);
    // Behind a pending delivery of the same order, it is not due before that one's next attempt:
    // so a backlog behind a failing receiver is never read again until it could go (see `due`).
    const rows = (await tx.query(
      `INSERT INTO webhook_deliveries (channel, message_id, order_key, order_id, external_order_id, type, body, next_attempt_at)
       SELECT n.channel, n.message_id, n.order_key, n.order_id, n.external_order_id, n.type, n.body,
              greatest(now(), (SELECT max(p.next_attempt_at) FROM webhook_deliveries p
                                WHERE p.status = 'pending' AND p.channel = n.channel AND p.order_key = n.order_key))
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
              AS n(channel, message_id, order_key, order_id, external_order_id, type, body, ord)
        WHERE EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.channel = n.channel)
        ORDER BY n.ord
       ON CONFLICT (channel, message_id) DO NOTHING
       RETURNING id`,
      [col('channel'), col('messageId'), col('orderKey'), col('orderId'), col('externalOrderId'), col('type'), col('body')],
    )) as unknown[];
    return rows.length;
  }

  /**
   * The head of every order (its oldest pending delivery) that is due at `now` and not in flight, at
   * most `perChannel` per channel (the most overdue first), `limit` in all. A later delivery of an
   * order is never a head while an earlier one is pending: that is the whole ordering rule.
   *
   * It reads only what is due (an index on the due time per channel), never the whole backlog: the
   * deliveries queued behind a head that failed are not due before its next attempt (`attemptFailed`
   * and `enqueue` see to that), so hours of a dead receiver's backlog cost a pass nothing.
   */
  async due(now: Date, inFlight: readonly string[], perChannel: number, limit: number): Promise<DueDelivery[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.id::text AS id, d.channel, d.message_id, d.order_key, d.body, d.attempts, d.created_at, d.window_started_at
         FROM webhook_endpoints c
        CROSS JOIN LATERAL (
          SELECT d.*
            FROM webhook_deliveries d
           WHERE d.channel = c.channel AND d.status = 'pending' AND d.next_attempt_at <= $1 AND d.id <> ALL($2::bigint[])
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                              WHERE e.status = 'pending' AND e.channel = d.channel AND e.order_key = d.order_key AND e.id < d.id)
           ORDER BY d.next_attempt_at, d.id
           LIMIT $3
        ) d
        ORDER BY d.next_attempt_at, d.id
        LIMIT $4`,
      [now, [...inFlight], perChannel, limit],
    )) as { id: string; channel: string; message_id: string; order_key: string; body: string; attempts: number; created_at: Date; window_started_at: Date }[];
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      messageId: r.message_id,
      orderKey: r.order_key,
      body: r.body,
      attempts: r.attempts,
      createdAt: r.created_at,
      windowStartedAt: r.window_started_at,
    }));
  }

  /** A 2xx: delivered. The attempt is logged with it, in one statement. */
  async delivered(id: string, attempt: number, record: AttemptRecord): Promise<void> {
    await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, NULL, $5)
       )
       UPDATE webhook_deliveries
          SET status = 'delivered', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = NULL, delivered_at = $3
        WHERE id = $1`,
      [id, attempt, record.at, record.statusCode ?? null, record.durationMs],
    );
  }

  /**
   * Anything else: retried at `nextAttemptAt`, or failed (given up) when there is none. The
   * deliveries queued behind it in its order wait at least as long, so passes skip them meanwhile.
   */
  async attemptFailed(id: string, attempt: number, record: AttemptRecord, nextAttemptAt: Date | undefined): Promise<void> {
    await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ), head AS (
         UPDATE webhook_deliveries
            SET attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = $5,
                status = CASE WHEN $7::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = coalesce($7::timestamptz, next_attempt_at),
                failed_at = CASE WHEN $7::timestamptz IS NULL THEN $3 END
          WHERE id = $1
          RETURNING channel, order_key
       )
       UPDATE webhook_deliveries f SET next_attempt_at = $7::timestamptz
         FROM head
        WHERE $7::timestamptz IS NOT NULL AND f.status = 'pending' AND f.channel = head.channel AND f.order_key = head.order_key
          AND f.id > $1 AND f.next_attempt_at < $7::timestamptz`,
      [id, attempt, record.at, record.statusCode ?? null, record.error ?? null, record.durationMs, nextAttemptAt ?? null],
    );
  }

  /**
   * Sends a delivery again, with the same message id: pending and due now, with a fresh retry
   * window. Undefined when the channel has no such delivery.
   */
  async replay(channel: string, messageId: string, now: Date): Promise<DeliveryLogEntry | undefined> {
    const rows = (await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = $3, window_started_at = $3, replays = replays + 1, failed_at = NULL
        WHERE channel = $1 AND message_id = $2::uuid
        RETURNING id`,
      [channel, messageId, now],
    )) as [{ id: string }[], number];
    if (rows[0].length === 0) return undefined;
    return (await this.list(channel, { messageId }))[0];
  }

  /** The channel's deliveries, newest first, with their latest attempts. */
  async list(channel: string, filter: { status?: DeliveryStatus; orderId?: string; messageId?: string; limit?: number }): Promise<DeliveryLogEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.message_id, d.type, d.order_id, d.external_order_id, d.status, d.attempts, d.replays, d.created_at, d.last_attempt_at,
              d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at, d.failed_at,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt DESC)
                          FROM (SELECT * FROM webhook_attempts WHERE delivery_id = d.id ORDER BY attempt DESC LIMIT ${ATTEMPTS_SHOWN}) a), '[]') AS history
         FROM webhook_deliveries d
        WHERE d.channel = $1
          AND ($2::text IS NULL OR d.status = $2)
          AND ($3::uuid IS NULL OR d.order_id = $3)
          AND ($4::uuid IS NULL OR d.message_id = $4)
        ORDER BY d.id DESC
        LIMIT $5`,
      [channel, filter.status ?? null, filter.orderId ?? null, filter.messageId ?? null, filter.limit ?? 100],
    )) as {
      message_id: string;
      type: string;
      order_id: string;
      external_order_id: string;
      status: DeliveryStatus;
      attempts: number;
      replays: number;
      created_at: Date;
      last_attempt_at: Date | null;
      last_status_code: number | null;
      last_error: string | null;
      next_attempt_at: Date;
      delivered_at: Date | null;
      failed_at: Date | null;
      history: DeliveryLogEntry['history'];
    }[];
    return rows.map((r) => ({
      messageId: r.message_id,
      type: r.type,
      orderId: r.order_id,
      externalOrderId: r.external_order_id,
      status: r.status,
      attempts: r.attempts,
      replays: r.replays,
      createdAt: r.created_at.toISOString(),
      lastAttemptAt: iso(r.last_attempt_at),
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      deliveredAt: iso(r.delivered_at),
      failedAt: iso(r.failed_at),
      history: r.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    }));
  }

  /** Deliveries waiting, and since when the oldest of them is due: the dispatcher's lag, for /health. */
  async backlog(now: Date): Promise<{ pending: number; oldestDueSeconds: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM ($1::timestamptz - min(next_attempt_at))), 0)::float AS oldest
         FROM webhook_deliveries WHERE status = 'pending'`,
      [now],
    )) as { pending: number; oldest: number }[];
    return { pending: row.pending, oldestDueSeconds: Math.max(0, row.oldest) };
  }
}
