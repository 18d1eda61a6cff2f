import { DataSource } from 'typeorm';

/**
 * A table of things a service remembers only to recognise a repeat (the consumers' inbox, the
 * gateway's ledger): rows older than the retention are swept away. Keep the retention longer than
 * any window in which a repeat can still arrive: the inbound topics' retention and the consumer
 * groups' offset retention (Kafka keeps both 7 days by default), and a channel's own retry horizon.
 */
export interface RememberedTable {
  table: string;
  /** When a row was written. */
  column: string;
}

/** Deletes rows older than `cutoff`, a batch per statement, so no sweep holds many rows at once. */
export async function pruneOlderThan(
  dataSource: Pick<DataSource, 'query'>,
  { table, column }: RememberedTable,
  cutoff: Date,
  batchSize = 5000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = (await dataSource.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT $2))`,
      [cutoff, batchSize],
    )) as [unknown, number];
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
