import { ConsumerLagSource } from '@orderflow/observability';
import { PartitionBatch } from '../bus/message-bus';

interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/**
 * How far behind the broker a consumer is on each partition it holds: the high watermark the
 * client fetched a batch with, minus the next offset still to be processed. Updated twice per batch
 * (when it arrives, when it is done), read by /health and at every metrics scrape.
 */
export class PartitionLags implements ConsumerLagSource {
  private readonly byPartition = new Map<string, PartitionLag>();

  constructor(private readonly assignment: () => Record<string, number[]>) {}

  /** A batch arrived: all of it is still to be processed. */
  fetched(batch: PartitionBatch): void {
    const first = batch.messages[0];
    if (first) this.set(batch, Number(batch.highWatermark) - Number(first.offset));
  }

  /** Every message of the batch was processed. */
  processed(batch: PartitionBatch): void {
    const last = batch.messages[batch.messages.length - 1];
    if (last) this.set(batch, Number(batch.highWatermark) - Number(last.offset) - 1);
  }

  /** The partitions this consumer holds now; one taken away by a rebalance is reported by its new owner. */
  *partitionLags(): Iterable<PartitionLag> {
    const assigned = this.assignment();
    for (const entry of this.byPartition.values()) {
      if (assigned[entry.topic]?.includes(entry.partition)) yield entry;
    }
  }

  total(): number {
    let sum = 0;
    for (const { lag } of this.partitionLags()) sum += lag;
    return sum;
  }

  private set(batch: PartitionBatch, lag: number): void {
    const key = `${batch.topic}:${batch.partition}`;
    const entry = this.byPartition.get(key);
    if (entry) entry.lag = Math.max(0, lag);
    else this.byPartition.set(key, { topic: batch.topic, partition: batch.partition, lag: Math.max(0, lag) });
  }
}
