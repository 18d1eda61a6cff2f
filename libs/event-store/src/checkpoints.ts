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
