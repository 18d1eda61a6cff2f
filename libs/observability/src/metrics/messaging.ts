import { Counter, Gauge, Histogram } from 'prom-client';
import { childrenBy } from './children';
import { LATENCY_BUCKETS, METRIC_NAMES } from './names';
import { metricsRegistry } from './registry';

const DESTINATION = 'messaging_destination_name';
const registers = [metricsRegistry];

const consumed = new Counter({
  name: METRIC_NAMES.consumedMessages,
  help: 'Messages the consumer received from the broker',
  labelNames: [DESTINATION, 'messaging_consumer_group_name'],
  registers,
});
const applied = new Counter({
  name: METRIC_NAMES.appliedMessages,
  help: 'Messages handled (or acknowledged as not ours) in a unit of work that committed',
  labelNames: [DESTINATION],
  registers,
});
const retried = new Counter({
  name: METRIC_NAMES.retriedMessages,
  help: 'Waits of a message whose handling failed transiently (database or broker away): waited out, then tried again',
  labelNames: [DESTINATION],
  registers,
});
const deadLettered = new Counter({
  name: METRIC_NAMES.deadLetteredMessages,
  help: 'Messages set aside in the dead-letter topic, by why',
  labelNames: [DESTINATION, 'error_type'],
  registers,
});
const processDuration = new Histogram({
  name: METRIC_NAMES.processDuration,
  help: "A message handler's time, inside its unit of work",
  labelNames: [DESTINATION],
  buckets: LATENCY_BUCKETS,
  registers,
});
const unitOfWorkDuration = new Histogram({
  name: METRIC_NAMES.unitOfWorkDuration,
  help: "The consumer's transaction over a batch of messages: inbox, handlers, appends, commit",
  buckets: LATENCY_BUCKETS,
  registers,
});
const operationDuration = new Histogram({
  name: METRIC_NAMES.operationDuration,
  help: 'A client operation with the broker, until every replica acknowledged (send)',
  labelNames: ['messaging_operation_name'],
  buckets: LATENCY_BUCKETS,
  registers,
});
const sent = new Counter({
  name: METRIC_NAMES.sentMessages,
  help: 'Messages the broker acknowledged',
  labelNames: [DESTINATION],
  registers,
});

/** Why a message went to the dead-letter topic: a small fixed set, so the label stays bounded. */
export type DeadLetterErrorType = 'invalid_message' | 'refused' | 'handler_failure';

/** What one consumer group records; children are made once per topic, so recording allocates nothing. */
export function consumerMetrics(group: string) {
  const consumedOf = childrenBy((topic) => consumed.labels(topic, group));
  const appliedOf = childrenBy((topic) => applied.labels(topic));
  const retriedOf = childrenBy((topic) => retried.labels(topic));
  const durationOf = childrenBy((topic) => processDuration.labels(topic));
  return {
    consumed: (topic: string, count: number) => consumedOf(topic).inc(count),
    applied: (topic: string, count: number) => appliedOf(topic).inc(count),
    retried: (topic: string) => retriedOf(topic).inc(),
    deadLettered: (topic: string, errorType: DeadLetterErrorType) => deadLettered.labels(topic, errorType).inc(),
    handled: (topic: string, seconds: number) => durationOf(topic).observe(seconds),
    unitOfWork: (seconds: number) => unitOfWorkDuration.observe(seconds),
  };
}

export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;

const sentOf = childrenBy((topic) => sent.labels(topic));
const sendDuration = operationDuration.labels('send');

/** One send the broker acknowledged: its messages per topic, and how long the acks took. */
export function recordSend(seconds: number, countsByTopic: Iterable<[topic: string, count: number]>): void {
  sendDuration.observe(seconds);
  for (const [topic, count] of countsByTopic) sentOf(topic).inc(count);
}

/** Where a consumer is, per assigned partition: the broker's high watermark minus its next offset. */
export interface ConsumerLagSource {
  partitionLags(): Iterable<{ topic: string; partition: number; lag: number }>;
}

const lagSources = new Set<ConsumerLagSource>();

new Gauge({
  name: METRIC_NAMES.consumerLag,
  help: 'Messages on a partition not yet processed by its consumer (high watermark minus next offset), as of its last batch',
  labelNames: [DESTINATION, 'messaging_destination_partition_id'],
  registers,
  collect() {
    this.reset();
    for (const source of lagSources) {
      for (const { topic, partition, lag } of source.partitionLags()) this.inc({ [DESTINATION]: topic, messaging_destination_partition_id: String(partition) }, lag);
    }
  },
});

/** Reports a consumer's lag at every scrape until the returned function is called. */
export function trackConsumerLag(source: ConsumerLagSource): () => void {
  lagSources.add(source);
  return () => lagSources.delete(source);
}

/** Events a relay has yet to publish. */
export interface RelayBacklogSource {
  backlog(): Promise<number>;
}

const relays = new Set<RelayBacklogSource>();

new Gauge({
  name: METRIC_NAMES.relayBacklog,
  help: "Events of this service's categories stored but not yet published by its relay (0 on a standby replica)",
  registers,
  async collect() {
    // A database that does not answer leaves the gauge out of this scrape; /health says why.
    const backlogs = await Promise.all([...relays].map((r) => r.backlog().catch(() => undefined)));
    const known = backlogs.filter((b): b is number => b !== undefined);
    this.reset();
    if (known.length > 0) this.set(known.reduce((a, b) => a + b, 0));
  },
});

/** Reports a relay's backlog at every scrape until the returned function is called. */
export function trackRelayBacklog(source: RelayBacklogSource): () => void {
  relays.add(source);
  return () => relays.delete(source);
}
