import { ConfigResourceTypes, IHeaders, Kafka, KafkaConfig, logCreator, logLevel, Partitioners, SASLOptions } from 'kafkajs';
import { log, Logger, recordSend, secondsSince } from '@orderflow/observability';
import {
  BusAdmin,
  BusConsumer,
  BusProducer,
  ConsumerOptions,
  Headers,
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  TopicSpec,
} from './message-bus';

export interface KafkaBusConfig {
  brokers: string[];
  clientId: string;
  /** kafkajs log level; WARN by default so operators see broker trouble but not chatter. */
  logLevel?: 'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /**
   * A fetch returns once this many bytes are ready or `fetchMaxWaitMs` passed (defaults 1 byte and
   * 250 ms): more bytes make fuller batches (fewer transactions per message) at the price of up to
   * the wait in latency per hop.
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /** How often a failed connection or request is retried, with backoff, before it fails (default 10). */
  retries?: number;
  /** TLS towards the brokers; absent means plaintext. */
  tls?: KafkaTls;
  /** SASL authentication; absent means none. */
  sasl?: KafkaSasl;
}

export interface KafkaTls {
  /** PEM certificates to trust instead of the system's CAs. */
  ca?: string;
  /** PEM client certificate and its unencrypted private key, for brokers that authenticate clients by TLS. */
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  /** A function, so that logging or serialising a configuration never shows the password. */
  password: () => string;
}

function headersToStrings(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

/** kafkajs's levels as the process logger's. */
const PINO_LEVEL: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs's log lines through the process's logger (JSON with the service and the work context),
 * less one known false alarm: the idempotent producer warns whenever its retries are bounded, and
 * ours are on purpose (a send that cannot succeed must fail so the relay or consumer retries it
 * whole; consumers deduplicate by message id). KAFKA_LOG_LEVEL still decides what kafkajs writes.
 */
const processLogs: logCreator = () => ({ level, namespace, log: entry }) => {
  if (entry.message?.startsWith('Limiting retries for the idempotent producer')) return;
  const { message, timestamp: _timestamp, logger: _logger, ...rest } = entry;
  const text = namespace ? `[${namespace}] ${message}` : message;
  kafkaLogger()[PINO_LEVEL[level] ?? 'info'](rest, text);
};

let kafkaLines: { parent: Logger; child: Logger } | undefined;

/** A child of the process logger that lets every line through: KAFKA_LOG_LEVEL has already chosen them. */
function kafkaLogger(): Logger {
  const parent = log();
  if (kafkaLines?.parent !== parent) kafkaLines = { parent, child: parent.child({ logger: 'kafkajs' }, { level: 'trace' }) };
  return kafkaLines.child;
}

/** The group coordinator says this member is out of date: rebalancing, another generation, or unknown to it. */
function mustRejoin(err: unknown): boolean {
  const type = (err as { type?: string }).type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID' || type === 'NOT_COORDINATOR_FOR_GROUP';
}

/** Retries an admin call while the broker answers with a retriable error (a leader moving, say). */
async function retrying<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err as { retriable?: boolean }).retriable || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** kafkajs types its SASL options per mechanism; ours are the same three with a password function. */
const saslOptions = (sasl: KafkaSasl): SASLOptions =>
  ({ mechanism: sasl.mechanism, username: sasl.username, password: sasl.password() }) as SASLOptions;

/** The kafkajs implementation of the message bus: the one place that imports kafkajs. */
export function createKafkaBus(config: KafkaBusConfig): MessageBus {
  const kafkaConfig: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel[config.logLevel ?? 'WARN'],
    logCreator: processLogs,
    retry: { initialRetryTime: 100, retries: config.retries ?? 10 },
    connectionTimeout: 3000,
    ssl: config.tls && { ca: config.tls.ca, cert: config.tls.cert, key: config.tls.key, rejectUnauthorized: config.tls.rejectUnauthorized },
    sasl: config.sasl && saslOptions(config.sasl),
  };
  const kafka = new Kafka(kafkaConfig);

  return {
    async producer(): Promise<BusProducer> {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return {
        async send(messages: readonly OutgoingMessage[]) {
          if (messages.length === 0) return;
          const byTopic = new Map<string, Omit<OutgoingMessage, 'topic'>[]>();
          for (const m of messages) {
            const list = byTopic.get(m.topic) ?? [];
            list.push({ key: m.key, value: m.value, headers: m.headers });
            byTopic.set(m.topic, list);
          }
          const started = performance.now();
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
          });
          recordSend(secondsSince(started), [...byTopic].map(([topic, msgs]) => [topic, msgs.length]));
        },
        disconnect: () => producer.disconnect(),
      };
    },

    async consumer(options: ConsumerOptions): Promise<BusConsumer> {
      const consumer = kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
        maxWaitTimeInMs: config.fetchMaxWaitMs ?? 250,
        minBytes: config.fetchMinBytes ?? 1,
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 100, retries: options.retries ?? 10 },
      });
      let assigned: Record<string, number[]> = {};
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assigned = e.payload.memberAssignment as Record<string, number[]>;
        options.onJoin?.();
      });
      consumer.on(consumer.events.CRASH, (e) => {
        assigned = {};
        options.onCrash?.(e.payload.error, e.payload.restart);
      });
      await consumer.connect();
      return {
        async run(spec) {
          for (const topic of spec.topics) {
            await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
          }
          await consumer.run({
            autoCommit: true,
            autoCommitInterval: 1000,
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: spec.partitionsConcurrently,
            eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
              const messages: IncomingMessage[] = batch.messages.map((m) => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key,
                value: m.value,
                headers: headersToStrings(m.headers),
                timestamp: m.timestamp,
              }));
              // A heartbeat answered "the group is rebalancing" means this member must let go of
              // its batches and rejoin; a batch that kept waiting (out a database outage, say)
              // would be thrown out of the group after the rebalance timeout.
              let rejoinNeeded = false;
              await spec.onBatch({
                topic: batch.topic,
                partition: batch.partition,
                messages,
                highWatermark: batch.highWatermark,
                markDone: (m) => resolveOffset(m.offset),
                commit: () => commitOffsetsIfNecessary(),
                heartbeat: async () => {
                  try {
                    await heartbeat();
                  } catch (err) {
                    if (mustRejoin(err)) rejoinNeeded = true;
                    throw err;
                  }
                },
                stillOwned: () => isRunning() && !isStale() && !rejoinNeeded,
              });
            },
          });
        },
        assignment: () => assigned,
        disconnect: () => consumer.disconnect(),
      };
    },

    async admin(): Promise<BusAdmin> {
      const admin = kafka.admin();
      await admin.connect();
      const explicitConfig = async (topic: string): Promise<Record<string, string>> => {
        const { resources } = await retrying(() => admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] }));
        const out: Record<string, string> = {};
        for (const entry of resources[0]?.configEntries ?? []) if (!entry.isDefault) out[entry.configName] = entry.configValue;
        return out;
      };
      /** Sets the spec'd entries on existing topics where they differ, keeping the topic's other explicit entries. */
      const alignConfigs = async (specs: readonly TopicSpec[]) => {
        for (const spec of specs) {
          const current = await explicitConfig(spec.topic);
          if (Object.entries(spec.config!).every(([k, v]) => current[k] === v)) continue;
          const merged = { ...current, ...spec.config };
          await retrying(() =>
            admin.alterConfigs({
              validateOnly: false,
              resources: [
                { type: ConfigResourceTypes.TOPIC, name: spec.topic, configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })) },
              ],
            }),
          );
        }
      };
      const groupLagByPartition = async (groupId: string, topic: string) => {
        const [committed] = await retrying(() => admin.fetchOffsets({ groupId, topics: [topic] }));
        const ends = await retrying(() => admin.fetchTopicOffsets(topic));
        return ends
          .map((end) => {
            const c = committed?.partitions.find((p) => p.partition === end.partition);
            const from = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(end.low);
            return { partition: end.partition, lag: Number(end.high) - from };
          })
          .sort((a, b) => a.partition - b.partition);
      };
      return {
        async ensureTopics(specs: readonly TopicSpec[]) {
          const existing = new Set(await admin.listTopics());
          const missing = specs.filter((s) => !existing.has(s.topic));
          await alignConfigs(specs.filter((s) => existing.has(s.topic) && s.config && Object.keys(s.config).length > 0));
          if (missing.length === 0) return [];
          await admin.createTopics({
            waitForLeaders: false,
            topics: missing.map((s) => ({
              topic: s.topic,
              numPartitions: s.partitions,
              replicationFactor: -1,
              configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
          // A busy broker may take a while to elect leaders; metadata errors meanwhile are expected.
          const topics = missing.map((s) => s.topic);
          const deadline = Date.now() + 60_000;
          for (;;) {
            try {
              const { topics: described } = await admin.fetchTopicMetadata({ topics });
              if (described.length === topics.length && described.every((t) => t.partitions.every((p) => p.leader >= 0))) break;
            } catch (err) {
              if (Date.now() > deadline) throw err;
            }
            if (Date.now() > deadline) throw new Error(`no leaders for ${topics.join(', ')} after 60 s`);
            await new Promise((r) => setTimeout(r, 100));
          }
          return topics;
        },
        topicConfig: (topic) => explicitConfig(topic),
        listTopics: () => admin.listTopics(),
        async deleteTopics(topics) {
          if (topics.length) await admin.deleteTopics({ topics: [...topics] });
        },
        groupLagByPartition,
        async groupLag(groupId, topic) {
          return (await groupLagByPartition(groupId, topic)).reduce((sum, p) => sum + p.lag, 0);
        },
        async topicOffsets(topic) {
          const offsets = await retrying(() => admin.fetchTopicOffsets(topic));
          return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
        },
        async deleteGroup(groupId) {
          await admin.deleteGroups([groupId]);
        },
        async ping() {
          await admin.describeCluster();
        },
        disconnect: () => admin.disconnect(),
      };
    },
  };
}
