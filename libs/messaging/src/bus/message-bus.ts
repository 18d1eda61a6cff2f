/**
 * The small interface the rest of orderflow sees of the message broker. Only ./kafkajs-bus.ts
 * knows which client library sits behind it.
 */

export type Headers = Record<string, string>;

export interface OutgoingMessage {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string;
  headers?: Headers;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
  timestamp: string;
}

export interface BusProducer {
  /** Sends all messages and resolves once every broker replica has acknowledged them. */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** The partition's next offset on the broker when the batch was fetched: what the consumer's lag is measured against. */
  highWatermark: string;
  /** Marks the message as done; its offset is committed at the next commit point. */
  markDone(message: IncomingMessage): void;
  /** Commits marked offsets now (called after a unit of work committed). */
  commit(): Promise<void>;
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was taken away by a rebalance. */
  stillOwned(): boolean;
}

export interface ConsumerRun {
  topics: readonly string[];
  /** How many partitions are processed in parallel; order within a partition is always kept. */
  partitionsConcurrently: number;
  onBatch(batch: PartitionBatch): Promise<void>;
}

export interface BusConsumer {
  run(spec: ConsumerRun): Promise<void>;
  /** Partitions currently assigned to this member, per topic. */
  assignment(): Record<string, number[]>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  config?: Record<string, string>;
}

export interface BusAdmin {
  /**
   * Creates the topics that do not exist yet, and gives existing ones the configuration their spec
   * names where it differs (a DLQ created before its retention rule, say). Returns the created ones.
   */
  ensureTopics(specs: readonly TopicSpec[]): Promise<string[]>;
  /** A topic's configuration entries that were set explicitly (not broker defaults). */
  topicConfig(topic: string): Promise<Record<string, string>>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** Committed offsets of a group, summed lag included, for diagnostics and tests. */
  groupLag(groupId: string, topic: string): Promise<number>;
  /** A group's lag on each partition of a topic: the end offset minus the committed one (or minus the first, when nothing was committed). */
  groupLagByPartition(groupId: string, topic: string): Promise<{ partition: number; lag: number }[]>;
  /** Each partition's first and next offsets (the end is exclusive). */
  topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  deleteGroup(groupId: string): Promise<void>;
  /** Reachability check used by /health. */
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  /** Start from the earliest offset when the group has none (default true: nothing is missed). */
  fromBeginning?: boolean;
  /** How often the client retries a failing fetch or batch before it crashes the consumer (default 10). */
  retries?: number;
  /** The client's consumer crashed; `restarting` says whether the client starts it again itself. */
  onCrash?: (error: unknown, restarting: boolean) => void;
  /** The consumer joined its group (at start, and again after a crash or rebalance). */
  onJoin?: () => void;
}

export interface MessageBus {
  producer(options?: { transactionalId?: string }): Promise<BusProducer>;
  consumer(options: ConsumerOptions): Promise<BusConsumer>;
  admin(): Promise<BusAdmin>;
}
