import { IncomingMessage, PartitionBatch } from '../bus/message-bus';
import { PartitionLags } from './partition-lags';

const batch = (topic: string, partition: number, offsets: number[], highWatermark: number): PartitionBatch => ({
  topic,
  partition,
  highWatermark: String(highWatermark),
  messages: offsets.map((o) => ({ topic, partition, offset: String(o) }) as IncomingMessage),
  markDone: () => undefined,
  commit: async () => undefined,
  heartbeat: async () => undefined,
  stillOwned: () => true,
});

describe("a consumer's lag per partition", () => {
  it('is the high watermark minus the next offset to process: all of a batch on arrival, what came after it once done', () => {
    const lags = new PartitionLags(() => ({ orders: [0] }));
    const b = batch('orders', 0, [10, 11, 12], 20);
    lags.fetched(b);
    expect([...lags.partitionLags()]).toEqual([{ topic: 'orders', partition: 0, lag: 10 }]);
    lags.processed(b);
    expect(lags.total()).toBe(7);
  });

  it('reports only the partitions the consumer holds now', () => {
    let assigned: Record<string, number[]> = { orders: [0, 1] };
    const lags = new PartitionLags(() => assigned);
    lags.processed(batch('orders', 0, [4], 10));
    lags.processed(batch('orders', 1, [9], 10));
    expect(lags.total()).toBe(5);
    assigned = { orders: [1] };
    expect([...lags.partitionLags()]).toEqual([{ topic: 'orders', partition: 1, lag: 0 }]);
  });
});
