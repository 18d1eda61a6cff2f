import { randomUUID } from 'node:crypto';
import { IncomingMessage, MessageBus } from './message-bus';

/**
 * Reads every record a topic holds right now, from the beginning to the end offsets taken at the
 * start, then stops; the throwaway consumer group is deleted afterwards. For operator tools (DLQ
 * listing and replay), not for services.
 */
export async function readTopicToEnd(bus: MessageBus, topic: string, options: { timeoutMs?: number } = {}): Promise<IncomingMessage[]> {
  const admin = await bus.admin();
  const groupId = `orderflow-reader-${randomUUID()}`;
  try {
    const ends = new Map(
      (await admin.topicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
    );
    if (ends.size === 0) return [];
    const consumer = await bus.consumer({ groupId, fromBeginning: true });
    const records: IncomingMessage[] = [];
    const done = new Set<number>();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`read ${records.length} records of ${topic} before timing out`)),
          options.timeoutMs ?? 30_000,
        );
        consumer
          .run({
            topics: [topic],
            partitionsConcurrently: 6,
            onBatch: async (batch) => {
              const end = ends.get(batch.partition);
              for (const m of batch.messages) {
                if (end !== undefined && BigInt(m.offset) < end) records.push(m);
                batch.markDone(m);
                if (end !== undefined && BigInt(m.offset) + 1n >= end) done.add(batch.partition);
              }
              if (done.size === ends.size) {
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
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroup(groupId).catch(() => undefined);
    await admin.disconnect();
  }
}
