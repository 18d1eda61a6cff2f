import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_EVENT_SCHEMAS, ShipmentAllocation, StreamIds } from '@orderflow/contracts';
import { EventStore, StreamAppend, withTransaction } from '@orderflow/event-store';
import { ServiceEvent } from '@orderflow/projections';
import { ev, HistoryWriter, OrderScript } from './order-history';

interface Step {
  at: Date;
  streamId: string;
  actor: string;
  events: ServiceEvent[];
}

/** What an OrderScript queues, kept instead of appended: the trading floor appends it in its own transactions. */
class StepCollector extends HistoryWriter {
  private captured: Step[] = [];

  override add(at: Date, streamId: string, actor: string, ...events: ServiceEvent[]): void {
    this.captured.push({ at, streamId, actor, events });
  }

  take(): Step[] {
    const steps = this.captured;
    this.captured = [];
    return steps;
  }
}

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const CHANNELS = ['webshop', 'app', 'marketplace'];
/** Stages of one order's life, one per transaction of its desk. */
const STAGES = 3;

export interface TradingFloorOptions {
  /** Concurrent writers, each a desk with its own SKUs (so desks never race for a stream). */
  desks: number;
  /** Orders each transaction of a desk starts (24 unless told). */
  ordersPerWave?: number;
  /** Pause between two transactions of a desk: 0 writes as fast as the machine allows. */
  pauseMs?: number;
}

export interface TradingFloorStats {
  events: number;
  orders: number;
  transactions: number;
}

/**
 * Many desks appending realistic order lifecycles concurrently through the real EventStore.append.
 * Each transaction of a desk moves a pipeline of waves one stage on (orders placed, allocated,
 * booked, picked up, delivered, with cancellations, returns and complaints), appending to a hundred
 * or so streams; the desks' transactions overlap, so the store's (transaction id) order differs
 * widely from its position order, as it does under real load.
 */
export class TradingFloor {
  readonly stats: TradingFloorStats = { events: 0, orders: 0, transactions: 0 };
  private running = false;
  private paused = false;
  private desks: Promise<void>[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private failure?: Error;
  private readonly base = new Date(Date.now() - 40 * DAY);

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: TradingFloorOptions,
  ) {}

  /** Sets every desk going; resolves once each has stocked its warehouse. */
  async open(): Promise<void> {
    this.running = true;
    const stocked: Promise<void>[] = [];
    for (let d = 0; d < this.options.desks; d++) {
      let ready!: () => void;
      stocked.push(new Promise((r) => (ready = r)));
      this.desks.push(this.runDesk(d, ready));
    }
    await Promise.all(stocked);
    this.check();
  }

  /** Writes until the store holds at least `events` events from this floor. */
  async until(events: number): Promise<void> {
    while (this.stats.events < events) {
      this.check();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Changes how much each desk writes per transaction and how long it pauses between two. */
  setPace(pace: { ordersPerWave?: number; pauseMs?: number }): void {
    Object.assign(this.options, pace);
  }

  /** No desk starts another transaction; resolves once every transaction under way has committed. */
  async freeze(): Promise<void> {
    this.paused = true;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
    this.check();
  }

  thaw(): void {
    this.paused = false;
  }

  async close(): Promise<TradingFloorStats> {
    this.running = false;
    this.paused = false;
    await Promise.all(this.desks);
    this.check();
    return this.stats;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private async runDesk(desk: number, stocked: () => void): Promise<void> {
    let now = this.base;
    const store = new EventStore(this.dataSource, () => now);
    const collector = new StepCollector(this.dataSource);
    const skus = [0, 1, 2, 3].map((k) => `SKU-${desk}-${k}`);
    const warehouseId = `WH-${desk}`;
    const waves: { scripts: OrderScript[]; shipments: ShipmentAllocation[]; first: number; stage: number }[] = [];
    let ordered = 0;
    try {
      await withTransaction(this.dataSource, async (tx) => {
        await store.append(
          StreamIds.warehouse(warehouseId),
          [event('WarehouseRegistered', { warehouseId, name: `Warehouse ${desk}`, country: 'DE', region: 'BE', registeredAt: this.base.toISOString() })],
          { expectedVersion: 'any', tx },
        );
        for (const sku of skus) {
          await store.append(StreamIds.stock(sku), [event('StockReceived', { sku, warehouseId, quantity: 1_000_000 })], { expectedVersion: 'any', tx });
        }
      });
      stocked();
      let validated = false;
      while (this.running) {
        if (this.paused) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        // A new wave enters; every wave under way moves one stage on; all in one transaction.
        const scripts: OrderScript[] = [];
        const shipments: ShipmentAllocation[] = [];
        const first = ordered;
        const waveSize = this.options.ordersPerWave ?? 24;
        for (let k = 0; k < waveSize; k++, ordered++) {
          const n = `${desk}-${ordered}`;
          const placedAt = new Date(this.base.getTime() + ordered * 60_000);
          const lines = [0, 1, 2, 3].slice(0, 1 + (ordered % 4)).map((i) => ({ sku: skus[(ordered + i) % skus.length], quantity: 1 + ((ordered + i) % 3), unitPriceMinor: 500 + 125 * i }));
          const script = new OrderScript(collector, {
            channel: CHANNELS[ordered % CHANNELS.length],
            externalOrderId: `EXT-${n}`,
            orderNumber: `OF-${n}`,
            currency: 'EUR',
            customerId: `C-${ordered % 997}`,
            lines,
            placedAt,
            estimatedDeliveryDate: isoDay(new Date(placedAt.getTime() + 3 * DAY)),
          });
          scripts.push(script);
          shipments.push({ shipmentId: `OF-${n}-1`, warehouseId, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) });
        }
        waves.push({ scripts, shipments, first, stage: 0 });
        for (const wave of waves) {
          wave.scripts.forEach((script, i) => advance(collector, script, wave.shipments[i], wave.stage, wave.first + i));
          wave.stage += 1;
        }
        while (waves.length && waves[0].stage >= STAGES) waves.shift();
        const steps = collector.take();
        if (!validated) {
          for (const e of steps.flatMap((s) => s.events)) {
            const parsed = ALL_EVENT_SCHEMAS[e.type].safeParse(e.data);
            if (!parsed.success) throw new Error(`${e.type} breaks its contract: ${parsed.error.message}`);
          }
          validated = steps.length > 100;
        }
        this.inFlight += 1;
        try {
          const appended = await retried(() =>
            withTransaction(this.dataSource, async (tx) => {
              // The other services' facts first, then the order service's records of them: two
              // statements, so other desks' appends land between them.
              const groups = byStream(steps);
              const facts = groups.filter((g) => !g.streamId.startsWith('order-'));
              const records = groups.filter((g) => g.streamId.startsWith('order-'));
              for (const part of [facts, records]) {
                if (part.length === 0) continue;
                now = part[0].at;
                await store.appendIn(tx, part.map(toAppend));
              }
              return groups.reduce((n, g) => n + g.events.length, 0);
            }),
          );
          this.stats.events += appended;
          this.stats.orders += waveSize;
          this.stats.transactions += 1;
        } finally {
          this.inFlight -= 1;
          if (this.inFlight === 0) this.idle.splice(0).forEach((r) => r());
        }
        if (this.options.pauseMs) await new Promise((r) => setTimeout(r, this.options.pauseMs));
      }
    } catch (err) {
      this.failure ??= err as Error;
      this.running = false;
      stocked();
      this.idle.splice(0).forEach((r) => r());
    }
  }
}

/** One stage of an order's life; `n` picks its fate: some are cancelled, some returned, some complain. */
function advance(w: StepCollector, o: OrderScript, shipment: ShipmentAllocation, stage: number, n: number): void {
  const placed = o.spec.placedAt.getTime();
  const at = (hours: number) => new Date(placed + hours * 3_600_000);
  const promisedBy = o.spec.estimatedDeliveryDate;
  const cancelled = n % 11 === 5;
  switch (stage) {
    case 0:
      o.placeAndConfirm();
      break;
    case 1:
      o.allocate(at(0.1), [shipment], [], promisedBy);
      if (cancelled) o.cancel(at(2), 'customer asked', [shipment]);
      else o.requestAndBook(at(0.2), shipment, 'ParcelNet', promisedBy, promisedBy);
      break;
    case 2:
      if (cancelled) break;
      o.pickUp(at(20), shipment, 'ParcelNet', 'SHIPPED');
      if (n % 13 === 7) o.delay(at(40), shipment.shipmentId, promisedBy, isoDay(at(100)));
      o.deliver(at(n % 13 === 7 ? 100 : 50), shipment, 'ParcelNet', promisedBy, 'DELIVERED');
      if (n % 7 === 3) returnFirstLine(w, o, shipment, at(120));
      if (n % 17 === 4) complain(w, o, at(60), n % 2 === 0);
      break;
    default:
      break;
  }
}

function returnFirstLine(w: StepCollector, o: OrderScript, shipment: ShipmentAllocation, at: Date): void {
  const line = o.spec.lines[0];
  const rmaNumber = `RMA-${o.spec.orderNumber}`;
  const ref = { rmaNumber, ...o.ref };
  w.add(
    at,
    StreamIds.return(rmaNumber),
    `channel:${o.spec.channel}`,
    ev('ReturnAuthorized', {
      ...ref,
      lines: [{ sku: line.sku, quantity: 1, reason: 'changed mind', unitPriceMinor: line.unitPriceMinor }],
      resolution: 'REFUND',
      currency: o.spec.currency,
      returnBy: isoDay(new Date(at.getTime() + 30 * DAY)),
      authorizedAt: at.toISOString(),
    }),
  );
  const received = new Date(at.getTime() + 2 * DAY);
  w.add(
    received,
    StreamIds.return(rmaNumber),
    `warehouse:${shipment.warehouseId}`,
    ev('ReturnReceived', { ...ref, warehouseId: shipment.warehouseId, lines: [{ sku: line.sku, quantity: 1, condition: 'RESELLABLE' }], receivedAt: received.toISOString() }),
    ev('RefundIssued', { ...o.ref, rmaNumber, amountMinor: line.unitPriceMinor, currency: o.spec.currency, reason: 'RETURN', issuedAt: received.toISOString() }),
  );
  w.add(received, StreamIds.stock(line.sku), 'service:inventory-service', ev('StockRestocked', { sku: line.sku, warehouseId: shipment.warehouseId, quantity: 1, rmaNumber }));
}

function complain(w: StepCollector, o: OrderScript, at: Date, resolved: boolean): void {
  const complaintId = `CMP-${o.spec.orderNumber}`;
  const ref = { complaintId, ...o.ref };
  w.add(
    at,
    StreamIds.complaint(complaintId),
    `channel:${o.spec.channel}`,
    ev('ComplaintOpened', { ...ref, category: 'late delivery', message: 'where is it', source: 'CUSTOMER', openedAt: at.toISOString() }),
    ev('ComplaintAcknowledged', { ...ref, resolveBy: new Date(at.getTime() + 2 * DAY).toISOString(), acknowledgedAt: at.toISOString() }),
  );
  if (resolved) {
    const when = new Date(at.getTime() + DAY);
    w.add(when, StreamIds.complaint(complaintId), 'operator', ev('ComplaintResolved', { ...ref, resolution: 'apologised', resolvedAt: when.toISOString() }));
  }
}

/**
 * A transaction that failed rolled back whole, so it is simply tried again (a connection that timed
 * out on a busy machine, say); a desk gives up, failing the floor, only after five attempts.
 */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Steps merged per stream (in their order): one multi-event append per stream and transaction. */
function byStream(steps: Step[]): Step[] {
  const groups = new Map<string, Step>();
  for (const s of steps) {
    const g = groups.get(s.streamId);
    if (g) g.events.push(...s.events);
    else groups.set(s.streamId, { ...s, events: [...s.events] });
  }
  return [...groups.values()];
}

function toAppend(group: Step): StreamAppend {
  const correlationId = randomUUID();
  return {
    streamId: group.streamId,
    events: group.events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { correlationId, causationId: correlationId, actor: group.actor } })),
    expectedVersion: 'any',
  };
}

function event<T extends ServiceEvent['type']>(type: T, data: Extract<ServiceEvent, { type: T }>['data']) {
  return { eventId: randomUUID(), type, data };
}
