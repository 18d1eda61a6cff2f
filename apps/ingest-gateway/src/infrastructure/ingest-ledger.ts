import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';

export interface RememberedRequest {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** What the gateway has already done: answers under Idempotency-Keys and published message ids. */
@Injectable()
export class IngestLedger {
  /** Serialises requests carrying the same key until the holder's transaction ends. */
  async lockKey(tx: Tx, idempotencyKey: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`ingest:${idempotencyKey}`]);
  }

  async findRequest(tx: Tx, idempotencyKey: string): Promise<RememberedRequest | undefined> {
    const [row] = (await tx.query(
      `SELECT request_hash, status_code, response FROM ingest_requests WHERE idempotency_key = $1`,
      [idempotencyKey],
    )) as { request_hash: string; status_code: number; response: unknown }[];
    return row && { requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
  }

  async rememberRequest(tx: Tx, idempotencyKey: string, request: RememberedRequest): Promise<void> {
    await tx.query(
      `INSERT INTO ingest_requests (idempotency_key, request_hash, status_code, response) VALUES ($1, $2, $3, $4)`,
      [idempotencyKey, request.requestHash, request.statusCode, JSON.stringify(request.response)],
    );
  }

  /** The message ids among these that were published before. Reads only: no transaction id yet. */
  async publishedAmong(tx: Tx, messageIds: readonly string[]): Promise<Set<string>> {
    const rows = (await tx.query(`SELECT message_id FROM ingest_messages WHERE message_id = ANY($1::text[])`, [
      [...messageIds],
    ])) as { message_id: string }[];
    return new Set(rows.map((r) => r.message_id));
  }

  /** Records message ids as published (after the broker acknowledged them). */
  async recordPublished(tx: Tx, topic: string, messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await tx.query(
      `INSERT INTO ingest_messages (message_id, topic)
         SELECT id, $2 FROM unnest($1::text[]) AS id ORDER BY id
       ON CONFLICT (message_id) DO NOTHING`,
      [[...messageIds], topic],
    );
  }
}
