import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_EVENT_SCHEMAS, ShipmentAllocation, StreamIds } from '@orderflow/contracts';
import { EventStore, NewEvent, StreamAppend, withTransaction } from '@orderflow/event-store';
import { ServiceEvent } from '@orderflow/projections';
import { ev, HistoryWriter, OrderScript } from '../../apps/query-service/test/order-history';

/**
 * Realistic order histories written fast, for benchmarks that need a big store: many writers at
 * once, each a "desk" with its own warehouse and SKUs (so writers never race for a stream), each
 * transaction starting a wave of orders and moving every wave under way one stage on (placed and
 * confirmed; allocated, requested and booked, or cancelled; picked up and delivered, sometimes late,
 * sometimes returned and refunded, sometimes complained about), all of a transaction's streams in
 * two multi-stream appends. The desks' transactions overlap, so the store's transaction order
 * differs from its position order as it does under real load. The idea is the query service's
 * rebuild test's trading floor (apps/query-service/test/concurrent-history.ts); the events are
 * built by the same OrderScript, so they are the services' events, checked against their schemas.
 */
export interface HistoryStats {
  events: number;
  orders: number;
  transactions: number;
}

export interface HistoryOptions {
  writers: number;
  /** Orders each transaction of a desk starts. */
  ordersPerWave: number;
  /** Stop once the store holds this many events from the generator... */
  events?: number;
  /** ...or once this many orders have been started. */
  orders?: number;
  onProgress?: (stats: HistoryStats) => void;
}

interface Step {
  at: Date;
  streamId: string;
  actor: string;
  events: ServiceEvent[];
}

/** Keeps what an OrderScript would append, for the desk to append in its own transaction. */
class Collector extends HistoryWriter {
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
const STAGES = 3;

export async function writeOrderHistories(dataSource: DataSource, options: HistoryOptions): Promise<HistoryStats> {
  const stats: HistoryStats = { events: 0, orders: 0, transactions: 0 };
  const base = new Date(Date.now() - 60 * DAY);
  const enough = () => (options.events !== undefined && stats.events >= options.events) || (options.orders !== undefined && stats.orders >= options.orders);
  let failure: Error | undefined;
  const progress = setInterval(() => options.onProgress?.({ ...stats }), 5000);
  try {
    await Promise.all(
      Array.from({ length: options.writers }, (_, desk) =>
        runDesk(dataSource, desk, base, options.ordersPerWave, stats, () => enough() || failure !== undefined).catch((err: Error) => {
          failure ??= err;
        }),
      ),
    );
  } finally {
    clearInterval(progress);
  }
  if (failure) throw failure;
  return stats;
}

async function runDesk(dataSource: DataSource, desk: number, base: Date, waveSize: number, stats: HistoryStats, stop: () => boolean): Promise<void> {
  let now = base;
  const store = new EventStore(dataSource, () => now);
  const collector = new Collector(dataSource);
  const skus = [0, 1, 2, 3].map((k) => `SKU-D${desk}-${k}`);
  const warehouseId = `WH-D${desk}`;
  const stocking: StreamAppend[] = [
    { streamId: StreamIds.warehouse(warehouseId), events: [newEvent('WarehouseRegistered', { warehouseId, name: `Desk ${desk}`, country: 'DE', region: 'BE', registeredAt: base.toISOString() })], expectedVersion: 'any' },
    ...skus.map((sku): StreamAppend => ({ streamId: StreamIds.stock(sku), events: [newEvent('StockReceived', { sku, warehouseId, quantity: 1_000_000 })], expectedVersion: 'any' })),
  ];
  await retried(() => withTransaction(dataSource, (tx) => store.appendIn(tx, stocking)));
  const waves: { scripts: OrderScript[]; shipments: ShipmentAllocation[]; first: number; stage: number }[] = [];
  let ordered = 0;
  let checked = false;
  // Keeps going until every wave under way has finished, so no order is left half-told.
  while (!stop() || waves.length > 0) {
    if (!stop()) {
      const scripts: OrderScript[] = [];
      const shipments: ShipmentAllocation[] = [];
      const first = ordered;
      for (let k = 0; k < waveSize; k++, ordered++) {
        const n = `D${desk}-${ordered}`;
        const placedAt = new Date(base.getTime() + ordered * 60_000);
        const lines = [0, 1, 2, 3].slice(0, 1 + (ordered % 4)).map((i) => ({ sku: skus[(ordered + i) % skus.length], quantity: 1 + ((ordered + i) % 3), unitPriceMinor: 500 + 125 * i }));
        scripts.push(
          new OrderScript(collector, {
            channel: CHANNELS[ordered % CHANNELS.length],
            externalOrderId: `EXT-${n}`,
            orderNumber: `OF-${n}`,
            currency: 'EUR',
            customerId: `C-${ordered % 997}`,
            lines,
            placedAt,
            estimatedDeliveryDate: isoDay(new Date(placedAt.getTime() + 3 * DAY)),
          }),
        );
        shipments.push({ shipmentId: `OF-${n}-1`, warehouseId, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) });
      }
      waves.push({ scripts, shipments, first, stage: 0 });
      stats.orders += waveSize;
    }
    for (const wave of waves) {
      wave.scripts.forEach((script, i) => advance(collector, script, wave.shipments[i], wave.stage, wave.first + i));
      wave.stage += 1;
    }
    while (waves.length && waves[0].stage >= STAGES) waves.shift();
    const steps = collector.take();
    if (steps.length === 0) continue;
    if (!checked) {
      for (const e of steps.flatMap((s) => s.events)) {
        const parsed = ALL_EVENT_SCHEMAS[e.type].safeParse(e.data);
        if (!parsed.success) throw new Error(`${e.type} breaks its contract: ${parsed.error.message}`);
      }
      checked = true;
    }
    const appended = await retried(() =>
      withTransaction(dataSource, async (tx) => {
        // The other services' facts first, then the order service's records of them: two
        // statements, so other desks' appends land between them.
        const groups = byStream(steps);
        for (const part of [groups.filter((g) => !g.streamId.startsWith('order-')), groups.filter((g) => g.streamId.startsWith('order-'))]) {
          if (part.length === 0) continue;
          now = part[0].at;
          await store.appendIn(tx, part.map(toAppend));
        }
        return groups.reduce((n, g) => n + g.events.length, 0);
      }),
    );
    stats.events += appended;
    stats.transactions += 1;
  }
}

/**
 * A transaction that failed (on a busy machine, a connection that timed out) is tried again, a
 * few times: it was rolled back whole, so nothing of it is written twice.
 */
async function retried<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * n));
    }
  }
}

/** One stage of an order's life; `n` decides its fate. */
function advance(w: Collector, o: OrderScript, shipment: ShipmentAllocation, stage: number, n: number): void {
  const at = (hours: number) => new Date(o.spec.placedAt.getTime() + hours * 3_600_000);
  const promisedBy = o.spec.estimatedDeliveryDate;
  const rejected = n % 23 === 11;
  const cancelled = n % 11 === 5;
  const late = n % 13 === 7;
  if (rejected) {
    if (stage === 0) o.placeAndReject(['channel webshop does not sell in this currency']);
    return;
  }
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
      if (late) o.delay(at(40), shipment.shipmentId, promisedBy, isoDay(at(100)));
      o.deliver(at(late ? 100 : 50), shipment, 'ParcelNet', promisedBy, 'DELIVERED');
      if (n % 7 === 3) returnFirstLine(w, o, shipment, at(120));
      if (n % 17 === 4) complain(w, o, at(60), n % 2 === 0);
      break;
    default:
      break;
  }
}

function returnFirstLine(w: Collector, o: OrderScript, shipment: ShipmentAllocation, at: Date): void {
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

function complain(w: Collector, o: OrderScript, at: Date, resolved: boolean): void {
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

/** A transaction's steps merged per stream, in their order: one entry per stream in the append. */
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

function newEvent<T extends ServiceEvent['type']>(type: T, data: Extract<ServiceEvent, { type: T }>['data']): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: { correlationId: 'bench-seed', causationId: 'bench-seed', actor: 'operator' } };
}
