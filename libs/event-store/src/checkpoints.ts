import { Queryable } from './event-store';
import { GlobalCheckpoint, START_OF_STREAM } from './types';

/** Durable positions of global-stream readers. Save inside the reader's own transaction when it has one. */
export class CheckpointStore {
  constructor(private readonly db: Queryable) {}

  async load(subscriber: string, tx?: Queryable): Promise<GlobalCheckpoint> {
    const [row] = (await (tx ?? this.db).query(
      `SELECT transaction_id::text AS transaction_id, global_position FROM checkpoints WHERE subscriber = $1`,
      [subscriber],
    )) as { transaction_id: string; global_position: string }[];
    return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : START_OF_STREAM;
  }

  /**
   * Where `subscriber` stands (0 before its first event), and whether it has read the event at
   * global position `position` (always, for 0 or below). Exact, because global readers read in
   * (transaction id, position) order: the event is read when its pair is at or before the checkpoint.
   */
  async reaches(subscriber: string, position: number, tx?: Queryable): Promise<{ position: number; reached: boolean }> {
    const [row] = (await (tx ?? this.db).query(
      `SELECT coalesce(c.global_position, 0) AS position,
              ($2::bigint <= 0 OR EXISTS (
                SELECT 1 FROM events e
                 WHERE e.global_position = $2::bigint
                   AND (e.transaction_id, e.global_position) <= (c.transaction_id, c.global_position))) AS reached
         FROM (SELECT 1) AS one LEFT JOIN checkpoints c ON c.subscriber = $1`,
      [subscriber, position],
    )) as { position: string; reached: boolean }[];
    return { position: Number(row.position), reached: row.reached };
  }

  async save(subscriber: string, checkpoint: GlobalCheckpoint, tx?: Queryable): Promise<void> {
    await (tx ?? this.db).query(
      `INSERT INTO checkpoints (subscriber, transaction_id, global_position, updated_at)
       VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (subscriber) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`,
      [subscriber, checkpoint.transactionId, checkpoint.globalPosition],
    );
  }
}
