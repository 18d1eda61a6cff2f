import { DataSource } from 'typeorm';
import { decodeMessage, inboundKey, orderIdFor, Topics, topicName } from '@orderflow/contracts';
import { BusConsumer, BusProducer, ConsumerOptions, ConsumerRun, MessageBus, OutgoingMessage } from '@orderflow/messaging';
import { Random } from '../../apps/cli/src/simulate/random';
import { makeRunId, Simulation, SimulationReport } from '../../apps/cli/src/simulate/simulation';
import { products, WAREHOUSES } from '../../apps/cli/src/simulate/world';

/**
 * The steady load: the CLI's simulator playing channels, warehouses, carriers and customers
 * (orders, duplicates, cancellations, returns with refunds and exchanges, complaints, failed and
 * returned parcels), with two changes for a chaos run, both made in the bus it is given:
 *  - no deliberately bad input reaches Kafka: whatever breaks its topic's contract (the
 *    simulator's ~3 % malformed orders) is withheld, so every dead letter is the faults' doing;
 *  - a send is retried until the broker acknowledges it, so a broker restart never loses what the
 *    outside world sent (a real channel retries too; consumers deduplicate by message id).
 * Stock is seeded in plenty, so no order waits for stock and every accepted order has one end state.
 */
export interface LoadOptions {
  orders: number;
  /** Orders per second. */
  rate: number;
  seed: string;
  returnRate: number;
  cancelRate: number;
  complaintRate: number;
  /** Stretches the simulator's delays (1 = about a second between a parcel's scans). */
  pace: number;
  drainSeconds: number;
  namespace: string;
  /**
   * Whether the system is still working through what it was sent. While it is, the simulated
   * parties keep listening: the simulator stops once it has heard nothing for 3 s, which a broker
   * restart's backlog easily outlasts, and then nobody would pack or deliver what comes later.
   */
  stillBusy: () => Promise<boolean>;
  log: (line: string) => void;
}

/** What reached Kafka (acknowledged), by the outside parties: the checker's ground truth. */
export class Ledger {
  readonly countByType: Record<string, number> = {};
  readonly withheld: { topic: string; reason: string }[] = [];
  /** Units received per `sku|warehouse`. */
  readonly received = new Map<string, number>();
  /** Return parcels by RMA number. */
  readonly parcels = new Map<string, { warehouseId: string; lines: { sku: string; quantity: number; condition: string }[] }[]>();
  /** Carrier scans sent, per tracking number, in order. */
  readonly scans = new Map<string, string[]>();
  readonly returnRequests: { messageId: string; orderKey: string; lines: { sku: string; quantity: number }[]; resolution: string }[] = [];
  readonly complaints: { messageId: string; orderKey: string }[] = [];
  readonly cancellations = new Set<string>();
  /** One order of this run, for the keep-alive. */
  anyOrderId?: string;
  /** Times the simulated parties' Kafka consumer crashed (and was restarted or replaced). */
  listenerCrashes = 0;
  /** Times it was replaced because it had stopped receiving while records waited for it. */
  listenerReplacements = 0;
  /** Resends needed because the broker did not acknowledge in time. */
  resends = 0;

  private readonly seen = new Set<string>();

  /** Records a message once per messageId: the simulator may send the same message twice (a repeated notification). */
  record(message: Record<string, unknown>): void {
    const id = String(message.messageId);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const type = String(message.type);
    this.countByType[type] = (this.countByType[type] ?? 0) + 1;
    const orderKey = `${String(message.channel)}:${String(message.externalOrderId)}`;
    switch (type) {
      case 'StockReceived': {
        const key = `${String(message.sku)}|${String(message.warehouseId)}`;
        this.received.set(key, (this.received.get(key) ?? 0) + Number(message.quantity));
        break;
      }
      case 'ReturnParcelReceived': {
        const list = this.parcels.get(String(message.rmaNumber)) ?? [];
        list.push({ warehouseId: String(message.warehouseId), lines: message.lines as { sku: string; quantity: number; condition: string }[] });
        this.parcels.set(String(message.rmaNumber), list);
        break;
      }
      case 'TrackingUpdated': {
        const list = this.scans.get(String(message.trackingNumber)) ?? [];
        list.push(String(message.status));
        this.scans.set(String(message.trackingNumber), list);
        break;
      }
      case 'ReturnRequested':
        this.returnRequests.push({
          messageId: String(message.messageId),
          orderKey,
          lines: message.lines as { sku: string; quantity: number }[],
          resolution: String(message.resolution),
        });
        break;
      case 'ComplaintSubmitted':
        this.complaints.push({ messageId: String(message.messageId), orderKey });
        break;
      case 'OrderSubmitted':
        this.anyOrderId ??= orderIdFor(String(message.channel), String(message.externalOrderId));
        break;
      case 'OrderCancellationRequested':
        this.cancellations.add(orderKey);
        break;
      default:
        break;
    }
  }
}

export interface LoadResult {
  report: SimulationReport;
  ledger: Ledger;
  /** When the first order was sent (epoch ms). */
  startedAt: number;
  finishedAt: number;
}

export class ChaosLoad {
  readonly ledger = new Ledger();
  private firstOrder?: () => void;
  /** Resolves when the first order has been sent: the fault schedule's time zero. */
  readonly ordersFlowing = new Promise<void>((resolve) => (this.firstOrder = resolve));
  private startedAt = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly db: DataSource,
    private readonly options: LoadOptions,
  ) {}

  /** Orders per second times this many seconds is the number of orders asked for (malformed ones, ~3 %, are withheld). */
  get generationSeconds(): number {
    return Math.ceil(this.options.orders / (this.options.rate * 0.965)) + 1;
  }

  async run(): Promise<LoadResult> {
    const { options } = this;
    const bus = new AcknowledgedBus(this.bus, options.namespace, this.ledger, () => {
      if (!this.startedAt) {
        this.startedAt = Date.now();
        this.firstOrder?.();
      }
    });
    await this.seedStock(bus);
    const runId = makeRunId(options.seed);
    const simulation = new Simulation(bus, {
      rate: options.rate,
      durationSeconds: this.generationSeconds,
      seed: options.seed,
      runId,
      drainSeconds: options.drainSeconds,
      setup: false,
      pace: options.pace,
      cancelRate: options.cancelRate,
      returnRate: options.returnRate,
      complaintRate: options.complaintRate,
      topic: (t) => topicName(t, options.namespace),
      log: (line) => options.log(`load: ${line}`),
    });
    // Asking whether the system is busy can itself take seconds (a group rebalancing, the broker
    // away), so a sampler keeps the last answer and the keep-alive never waits for it.
    let busy = true;
    let running = true;
    const sampler = (async () => {
      while (running) {
        busy = await options.stillBusy().catch(() => true);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const keepAlive = setInterval(() => {
      if (busy) bus.pokeListeners();
    }, 1000);
    try {
      const report = await simulation.run();
      return { report, ledger: this.ledger, startedAt: this.startedAt, finishedAt: Date.now() };
    } finally {
      running = false;
      clearInterval(keepAlive);
      await sampler;
      await bus.close();
    }
  }

  /** Four warehouses with plenty of every product, and a wait until the order service knows every SKU. */
  private async seedStock(bus: AcknowledgedBus): Promise<void> {
    const now = new Date().toISOString();
    const seed = new Random(`${this.options.seed}/chaos-stock`);
    const skus = products(new Random(this.options.seed).fork('catalog')).map((p) => p.sku);
    const producer = await bus.producer();
    const messages: OutgoingMessage[] = [];
    const add = (message: Record<string, unknown>) =>
      messages.push({
        topic: topicName(Topics.warehouseOperations, this.options.namespace),
        key: inboundKey(Topics.warehouseOperations, message),
        value: JSON.stringify(message),
      });
    for (const w of WAREHOUSES) add({ type: 'WarehouseRegistered', version: 1, messageId: seed.uuid(), occurredAt: now, ...w });
    for (const sku of skus) {
      for (const w of WAREHOUSES) {
        add({ type: 'StockReceived', version: 1, messageId: seed.uuid(), occurredAt: now, warehouseId: w.warehouseId, sku, quantity: 50_000 });
      }
    }
    await producer.send(messages);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM order_known_skus WHERE sku = ANY($1)`, [skus])) as { n: number }[];
      if (n === skus.length) break;
      if (Date.now() > deadline) throw new Error(`the order service knew ${n} of ${skus.length} SKUs 120 s after seeding`);
      await new Promise((r) => setTimeout(r, 250));
    }
    this.options.log(`load: seeded ${WAREHOUSES.length} warehouses with 50,000 of each of ${skus.length} SKUs`);
  }
}

/** The bus the simulator is given: withholds contract breaches, retries sends until acknowledged, records what went out. */
class AcknowledgedBus implements MessageBus {
  private readonly producers: ResendingProducer[] = [];
  private readonly listeners: ConsumerRun[] = [];

  constructor(
    private readonly inner: MessageBus,
    private readonly namespace: string,
    private readonly ledger: Ledger,
    private readonly onOrderSent: () => void,
  ) {}

  async producer(): Promise<BusProducer> {
    const producer = new ResendingProducer(this.inner, this.namespace, this.ledger, this.onOrderSent);
    this.producers.push(producer);
    return producer;
  }

  /** The simulator's listener, which the keep-alive can poke. */
  async consumer(options: ConsumerOptions): Promise<BusConsumer> {
    // A client consumer that crashed for good (a broker restart outlasting its retries) is
    // replaced, as a real party's would be: otherwise the simulated world goes deaf.
    let spec: ConsumerRun | undefined;
    let closed = false;
    let replacing: Promise<void> | undefined;
    const open = (): Promise<BusConsumer> =>
      this.inner.consumer({
        ...options,
        // The simulator starts its (new, per-run) group at the topics' end. After a broker
        // restart the group may rejoin before it committed anything on some partition, and
        // "the end" then skips what was published meanwhile. The run's topics are its own, so
        // their beginning holds nothing older than the run.
        fromBeginning: true,
        onCrash: (_error, restarting) => {
          this.ledger.listenerCrashes += 1;
          if (!restarting && !closed) replacing ??= replace().finally(() => (replacing = undefined));
        },
      });
    let inner = await open();
    // A consumer the client restarted can still sit deaf in its group: when records wait for the
    // listener and no batch came for 20 s, it is replaced all the same.
    let lastBatchAt = Date.now();
    const admin = await this.inner.admin();
    const watchdog = setInterval(() => {
      if (closed || replacing || !spec || Date.now() - lastBatchAt < 20_000) return;
      const running = spec;
      void Promise.all(running.topics.map((t) => admin.groupLag(options.groupId, t)))
        .then((lags) => {
          if (closed || replacing || lags.every((l) => l === 0)) return;
          this.ledger.listenerReplacements += 1;
          lastBatchAt = Date.now();
          replacing ??= replace().finally(() => (replacing = undefined));
        })
        .catch(() => undefined);
    }, 5000);
    const heard = (run: ConsumerRun): ConsumerRun => ({
      ...run,
      onBatch: (batch) => {
        lastBatchAt = Date.now();
        return run.onBatch(batch);
      },
    });
    const replace = async () => {
      await inner.disconnect().catch(() => undefined);
      for (let attempt = 1; !closed; attempt++) {
        try {
          const next = await open();
          inner = next;
          // Closed meanwhile: this one must not outlive the run.
          if (closed) return void (await next.disconnect().catch(() => undefined));
          if (spec) await next.run(heard(spec));
          return;
        } catch {
          await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
        }
      }
    };
    return {
      run: (s: ConsumerRun) => {
        spec = s;
        this.listeners.push(s);
        return inner.run(heard(s));
      },
      assignment: () => inner.assignment(),
      disconnect: async () => {
        closed = true;
        clearInterval(watchdog);
        await admin.disconnect().catch(() => undefined);
        this.listeners.length = 0;
        await replacing?.catch(() => undefined);
        await inner.disconnect();
      },
    };
  }

  /**
   * Hands every listener a notification of a type nobody acts on, about an order of this run: to
   * the simulator that is news about its orders, so it keeps waiting for more.
   */
  pokeListeners(): void {
    const orderId = this.ledger.anyOrderId;
    if (!orderId) return;
    for (const spec of this.listeners) {
      const topic = spec.topics.find((t) => t.endsWith(Topics.channelNotifications));
      if (!topic) continue;
      const value = Buffer.from(JSON.stringify({ type: 'ChaosRunStillSettling', orderId }));
      void spec
        .onBatch({
          topic,
          partition: -1,
          messages: [{ topic, partition: -1, offset: '0', key: null, value, headers: {}, timestamp: String(Date.now()) }],
          highWatermark: '1',
          markDone: () => undefined,
          commit: async () => undefined,
          heartbeat: async () => undefined,
          stillOwned: () => true,
        })
        .catch(() => undefined);
    }
  }

  admin() {
    return this.inner.admin();
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.disconnect()));
  }
}

class ResendingProducer implements BusProducer {
  private current?: Promise<BusProducer>;
  private readonly contractOf: Map<string, string>;

  constructor(
    private readonly inner: MessageBus,
    namespace: string,
    private readonly ledger: Ledger,
    private readonly onOrderSent: () => void,
  ) {
    this.contractOf = new Map(Object.values(Topics).map((t) => [topicName(t, namespace), t]));
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const accepted: { message: OutgoingMessage; topic: string; body: Record<string, unknown> }[] = [];
    for (const message of messages) {
      const topic = this.contractOf.get(message.topic) ?? message.topic;
      const parsed = decodeMessage(topic, Buffer.isBuffer(message.value) ? message.value : Buffer.from(message.value));
      if (!parsed.ok) {
        this.ledger.withheld.push({ topic, reason: parsed.reason });
        continue;
      }
      accepted.push({ message, topic, body: parsed.message });
    }
    if (accepted.length === 0) return;
    const deadline = Date.now() + 180_000;
    for (let attempt = 1; ; attempt++) {
      try {
        // A send across a broker restart can hang for minutes inside the client's own retries;
        // the simulator sends one batch at a time, so a hung send would silence the whole world.
        // Give up on it after 15 s and resend (consumers deduplicate a copy that got through).
        await withTimeout(
          (async () => {
            const producer = await (this.current ??= this.inner.producer());
            await producer.send(accepted.map((a) => a.message));
          })(),
          15_000,
        );
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`the broker did not acknowledge ${accepted.length} messages for 180 s: ${(err as Error).message}`);
        this.ledger.resends += 1;
        // A producer that failed across a broker restart may be wedged: start a fresh one.
        const failed = this.current;
        this.current = undefined;
        void failed?.then((p) => p.disconnect()).catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
      }
    }
    for (const a of accepted) {
      this.ledger.record(a.body);
      if (a.body.type === 'OrderSubmitted') this.onOrderSent();
    }
  }

  async disconnect(): Promise<void> {
    const p = this.current;
    this.current = undefined;
    await p?.then((x) => x.disconnect()).catch(() => undefined);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no acknowledgement within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
