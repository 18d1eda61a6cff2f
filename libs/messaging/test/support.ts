import { Client } from 'pg';
import { adminClient, TestDatabase } from '@orderflow/testing';
import { IncomingMessage, MessageBus } from '../src/bus/message-bus';

/** A table where test handlers record each effect: a row per application, so doubles show. */
export async function createEffectsTable(db: TestDatabase): Promise<void> {
  const su: Client = await adminClient(db);
  try {
    await su.query(`CREATE TABLE effects (message_id text NOT NULL, instance text NOT NULL, applied_at timestamptz DEFAULT now())`);
    await su.query(`GRANT SELECT, INSERT ON effects TO orderflow_app`);
  } finally {
    await su.end();
  }
}

export async function effectCounts(db: TestDatabase): Promise<Map<string, number>> {
  const rows = (await db.dataSource.query(
    `SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id`,
  )) as { message_id: string; n: number }[];
  return new Map(rows.map((r) => [r.message_id, r.n]));
}

/** Reads every record of a topic from the beginning (a throwaway group), until `count` arrived. */
export async function readTopic(
  bus: MessageBus,
  topic: string,
  until: (seen: IncomingMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<IncomingMessage[]> {
  const consumer = await bus.consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const seen: IncomingMessage[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${seen.length} records of ${topic} before timing out`)),
        timeoutMs,
      );
      consumer
        .run({
          topics: [topic],
          partitionsConcurrently: 1,
          onBatch: async (batch) => {
            for (const m of batch.messages) {
              seen.push(m);
              batch.markDone(m);
            }
            if (until(seen)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
