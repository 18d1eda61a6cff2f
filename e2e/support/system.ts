import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { allTopicSpecs, inboundKey, topicName } from '@orderflow/contracts';
import { EventStore, exportEvents, readEventsNaming, StoredEvent } from '@orderflow/event-store';
import { BusConsumer, BusProducer, IncomingMessage, MessageBus } from '@orderflow/messaging';
import { Role, Scope } from '@orderflow/security';
import {
  bearer,
  ChildHandle,
  createTestDatabase,
  GatewayKeys,
  IssuedKeys,
  spawnTs,
  TEST_KAFKA_BROKERS,
  TEST_SYSTEM_KEYS,
  testBus,
  TestDatabase,
  uniqueSuffix,
  waitFor,
} from '@orderflow/testing';
import { allMigrations } from '../../tools/db/migrations';

export type ServiceName = 'order-service' | 'inventory-service' | 'shipping-service' | 'after-sales-service' | 'query-service' | 'ingest-gateway';

export interface RunningService {
  name: ServiceName;
  port: number;
  url: string;
  process: ChildHandle;
}

/**
 * The whole system for one test file: a fresh database with every migration, a fresh topic
 * namespace with every topic, and each service as its own Node process, exactly as `npm start`
 * runs them.
 */
export class TestSystem {
  private producer?: BusProducer;
  private readonly taps: BusConsumer[] = [];
  private readonly keys: IssuedKeys;
  readonly store: EventStore;
  /** Keys for posting to the gateway as each message's sender. */
  readonly gatewayKeys: GatewayKeys;

  private constructor(
    readonly namespace: string,
    readonly db: TestDatabase,
    readonly bus: MessageBus,
    readonly services: Map<ServiceName, RunningService>,
  ) {
    this.store = new EventStore(db.dataSource);
    this.gatewayKeys = new GatewayKeys(db.dataSource);
    this.keys = new IssuedKeys(db.dataSource, 'e2e');
  }

  /** A key of this role (and scope), issued once per system: `npx orderflow keys create` in a test. */
  key(role: Role, scope: Scope = {}): Promise<string> {
    return this.keys.token(role, scope);
  }

  /** The Authorization header of that key. */
  async auth(role: Role, scope: Scope = {}): Promise<Record<string, string>> {
    return bearer(await this.key(role, scope));
  }

  static async start(
    names: readonly ServiceName[],
    options: { env?: Record<string, string>; serviceEnv?: Partial<Record<ServiceName, Record<string, string>>> } = {},
  ): Promise<TestSystem> {
    const namespace = `e2e${uniqueSuffix()}`;
    const db = await createTestDatabase(allMigrations);
    const bus = testBus(namespace);
    const admin = await bus.admin();
    try {
      await admin.ensureTopics(allTopicSpecs(namespace));
    } finally {
      await admin.disconnect();
    }
    const services = new Map<ServiceName, RunningService>();
    const system = new TestSystem(namespace, db, bus, services);
    try {
      await Promise.all(
        names.map(async (name) => {
          const port = await freePort();
          const handle = spawnTs(`apps/${name}/src/main.ts`, {
            // Each service as its own database role, as in production (ADR 23).
            DATABASE_URL: db.urlFor(name),
            KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
            TOPIC_NAMESPACE: namespace,
            KAFKA_LOG_LEVEL: 'ERROR',
            PORT: String(port),
            ...TEST_SYSTEM_KEYS,
            ...options.env,
            ...options.serviceEnv?.[name],
          });
          services.set(name, { name, port, url: `http://127.0.0.1:${port}`, process: handle });
          await handle.waitForOutput(/ready on http/, 90_000);
        }),
      );
      await Promise.all([...services.values()].map((s) => waitFor(`${s.name} healthy`, () => healthy(s.url), { timeoutMs: 60_000 })));
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  topic(contractTopic: string): string {
    return topicName(contractTopic, this.namespace);
  }

  /** Produces inbound messages with their contract keys (or an explicit key). */
  async produce(contractTopic: string, messages: readonly (Record<string, unknown> | RawMessage)[]): Promise<void> {
    this.producer ??= await this.bus.producer();
    await this.producer.send(
      messages.map((m) =>
        isRaw(m)
          ? { topic: this.topic(contractTopic), key: m.key, value: m.value, headers: m.headers }
          : { topic: this.topic(contractTopic), key: inboundKey(contractTopic, m), value: JSON.stringify(m) },
      ),
    );
  }

  /** Starts collecting every record of a topic from its beginning; read `.records` any time. */
  async tap(contractTopic: string): Promise<TopicTap> {
    const consumer = await this.bus.consumer({ groupId: `tap-${contractTopic}-${randomUUID()}` });
    this.taps.push(consumer);
    const tap = new TopicTap();
    await consumer.run({
      topics: [this.topic(contractTopic)],
      partitionsConcurrently: 6,
      onBatch: async (batch) => {
        for (const m of batch.messages) {
          tap.records.push(m);
          batch.markDone(m);
        }
      },
    });
    return tap;
  }

  async streamEvents(streamId: string): Promise<StoredEvent[]> {
    return this.store.readStream(streamId);
  }

  /** Waits until a stream holds an event of this type (matching `where`), and returns it. */
  async waitForEvent<Data = Record<string, unknown>>(
    streamId: string,
    type: string,
    where: (data: Data) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<StoredEvent<string, Data>> {
    return waitFor(
      `${type} on ${streamId}`,
      async () =>
        (await this.store.readStream(streamId)).find((e) => e.type === type && where(e.data as Data)) as
          | StoredEvent<string, Data>
          | undefined,
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Every stored event of one type across all streams, in global (transaction id, position) order. */
  async eventsOfType<Data = Record<string, unknown>>(type: string): Promise<StoredEvent<string, Data>[]> {
    const found: StoredEvent<string, Data>[] = [];
    for await (const e of exportEvents(this.db.dataSource)) if (e.type === type) found.push(e as StoredEvent<string, Data>);
    return found;
  }

  /** Every stored event about one order, from every service, in global (transaction id, position) order. */
  async orderEvents(orderId: string): Promise<StoredEvent<string, Record<string, unknown>>[]> {
    return (await readEventsNaming(this.db.dataSource, 'orderId', orderId)) as StoredEvent<string, Record<string, unknown>>[];
  }

  /** Waits until some service stored an event of this type about the order (matching `where`). */
  async waitForOrderEvent<Data = Record<string, unknown>>(
    orderId: string,
    type: string,
    where: (data: Data) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<StoredEvent<string, Data>> {
    return waitFor(
      `${type} about order ${orderId}`,
      async () =>
        (await this.orderEvents(orderId)).find((e) => e.type === type && where(e.data as Data)) as
          | StoredEvent<string, Data>
          | undefined,
      { timeoutMs, intervalMs: 150 },
    );
  }

  /** Whether a service has applied a message (its inbox holds the message id). */
  async applied(service: ServiceName, messageId: string): Promise<boolean> {
    const rows = (await this.db.dataSource.query(`SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2`, [
      service,
      messageId,
    ])) as unknown[];
    return rows.length > 0;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.process.kill('SIGTERM')));
    await Promise.all(this.taps.map((t) => t.disconnect().catch(() => undefined)));
    await this.producer?.disconnect().catch(() => undefined);
    await this.db.drop();
  }
}

export interface RawMessage {
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
}

function isRaw(m: Record<string, unknown> | RawMessage): m is RawMessage {
  return 'value' in m && (typeof m.value === 'string' || Buffer.isBuffer(m.value)) && 'key' in m && !('type' in m);
}

export class TopicTap {
  readonly records: IncomingMessage[] = [];

  json<T = Record<string, unknown>>(): T[] {
    return this.records.map((r) => JSON.parse(r.value!.toString()) as T);
  }

  async waitFor<T = Record<string, unknown>>(
    description: string,
    match: (record: T, raw: IncomingMessage) => boolean,
    timeoutMs = 60_000,
  ): Promise<T> {
    return waitFor(
      description,
      () => {
        for (const raw of this.records) {
          let parsed: T;
          try {
            parsed = JSON.parse(raw.value!.toString()) as T;
          } catch {
            parsed = raw.value?.toString() as T;
          }
          if (match(parsed, raw)) return parsed;
        }
        return undefined;
      },
      { timeoutMs },
    );
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`);
    return res.status === 200;
  } catch {
    return false;
  }
}

/** A TCP port nothing listens on now, for a process the test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
