import { DataSource } from 'typeorm';
import { allTopicSpecs, Topics, topicName } from '@orderflow/contracts';
import { exportEvents, StoredEvent, streamCategory } from '@orderflow/event-store';
import { MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { fetchHonouringRetryAfter } from '@orderflow/platform';
import { stockChanges } from '@orderflow/projections';
import { bearer, issueApiKey } from '@orderflow/testing';
import { expectedStatus } from '../../apps/cli/src/simulate/verify';
import { SimOrder } from '../../apps/cli/src/simulate/simulation';
import { SERVICE as afterSales } from '../../apps/after-sales-service/src/service';
import { SERVICE as inventory } from '../../apps/inventory-service/src/service';
import { SERVICE as order } from '../../apps/order-service/src/service';
import { SERVICE as shipping } from '../../apps/shipping-service/src/service';
import { Ledger, LoadResult } from './load';

/**
 * Checks a chaos run in the spirit of Jepsen's Kafka checker: what the outside world sent (the
 * load's ledger of acknowledged messages) against what the event store holds and what the query
 * API shows. Every check counts its discrepancies and keeps a few examples a person can follow.
 */
export interface Finding {
  check: string;
  count: number;
  examples: string[];
}

export interface DeadLetterSummary {
  total: number;
  deliberate: number;
  byTopic: Record<string, number>;
  /** Reason (ids and numbers blanked) → how many, with the consumer that dead-lettered them. */
  reasons: { reason: string; consumer: string; sourceTopic: string; count: number; example: string }[];
}

export interface CheckReport {
  lost: Finding[];
  doubled: Finding[];
  stock: Finding[];
  deadLetters: DeadLetterSummary;
  rebuild: Finding[];
  /**
   * Records of shipping.events and channel.notifications the simulated parties never consumed:
   * above 0, they stopped listening early and the run says nothing about what came after.
   */
  listenerLag: number;
  /** What was checked, for the table. */
  totals: Record<string, number>;
}

const EXAMPLES = 5;
const ON_HAND_API = 'on hand ≠ received + returned resellable − shipped − adjusted (query API)';
const ON_HAND_STORE = 'on hand ≠ received + returned resellable − shipped − adjusted (event store)';

class Tally {
  readonly findings = new Map<string, Finding>();
  constructor(checks: string[]) {
    for (const check of checks) this.findings.set(check, { check, count: 0, examples: [] });
  }
  add(check: string, example: string): void {
    const f = this.findings.get(check) ?? { check, count: 0, examples: [] };
    f.count += 1;
    if (f.examples.length < EXAMPLES) f.examples.push(example);
    this.findings.set(check, f);
  }
  list(): Finding[] {
    return [...this.findings.values()];
  }
}

type Event = StoredEvent<string, Record<string, unknown>>;

/** Every stored event, from one snapshot, in global (transaction id, position) order. */
export async function readAllEvents(db: DataSource): Promise<Event[]> {
  const events: Event[] = [];
  for await (const e of exportEvents(db)) events.push(e as Event);
  return events;
}

const countBy = <T>(items: Iterable<T>, key: (t: T) => string | undefined): Map<string, number> => {
  const out = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
};

const byType = (events: Event[], ...types: string[]) => events.filter((e) => types.includes(e.type));
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** The end state each accepted order must reach, given what its channel, warehouse and carrier did. */
export function intendedStatus(order: SimOrder, ledger: Ledger): string {
  if (order.plan.kind === 'rejected') return 'REJECTED';
  if (order.plan.kind === 'cancelled') return 'CANCELLED';
  const returnedToSender = [...order.shipments.values()].some(
    (s) => s.purpose === 'ORDER' && s.trackingNumber && (ledger.scans.get(s.trackingNumber) ?? []).includes('RETURNED_TO_SENDER'),
  );
  // A parcel sent back never arrives: the order stays where its pick-ups took it.
  return returnedToSender ? expectedStatus(order) : 'DELIVERED';
}

export async function checkRun(deps: {
  db: DataSource;
  queryUrl: string;
  bus: MessageBus;
  namespace: string;
  load: LoadResult;
}): Promise<Omit<CheckReport, 'rebuild'>> {
  const { db, load } = deps;
  const { report, ledger } = load;
  const headers = bearer(await issueApiKey(db, 'auditor', {}, 'chaos checker'));
  const events = await readAllEvents(db);
  const lost = new Tally([
    'orders not in their end state (event store)',
    'orders shown wrong by the query API',
    'return requests without an outcome',
    'return parcels never received',
    'refunds never issued',
    'exchange replacements never requested',
    'complaints never opened',
    'events stored but never published by their relay',
  ]);
  const doubled = new Tally([
    'order decisions applied twice',
    'reservations over the ordered quantity',
    'shipments requested, booked, picked up or delivered twice',
    'stock shipped twice for one shipment',
    'refunds issued twice or over the authorised value',
    'restocks over what came back resellable',
    'return or complaint requests answered twice',
  ]);
  const stock = new Tally([
    ON_HAND_API,
    ON_HAND_STORE,
    'reserved ≠ sum of live reservations (query API)',
    'reserved ≠ sum of live reservations (event store)',
  ]);

  // ---- lost: every accepted order in the state it must end in, in the store and in the API ----
  const orderEvents = new Map<string, Event[]>();
  for (const e of events) {
    if (!e.streamId.startsWith('order-')) continue;
    const list = orderEvents.get(e.streamId) ?? [];
    list.push(e);
    orderEvents.set(e.streamId, list);
  }
  const shipmentsRequested = countBy(byType(events, 'ShipmentRequested'), (e) => (e.data.purpose === 'ORDER' ? str(e.data.orderId) : undefined));
  const shipmentsBooked = countBy(byType(events, 'ShipmentBooked'), (e) => (e.data.purpose === 'ORDER' ? str(e.data.orderId) : undefined));
  const documents = await fetchAll(report.orders, 4, async (o) => {
    const res = await fetchHonouringRetryAfter(`${deps.queryUrl}/channels/${encodeURIComponent(o.plan.channel)}/orders/${encodeURIComponent(o.plan.externalOrderId)}`, { headers });
    return res.status === 200 ? ((await res.json()) as { status: string; returns?: unknown[] }) : { status: `HTTP ${res.status}` };
  });
  const intendedCounts: Record<string, number> = {};
  report.orders.forEach((order, i) => {
    const key = `${order.plan.channel}:${order.plan.externalOrderId}`;
    const intended = intendedStatus(order, ledger);
    intendedCounts[intended] = (intendedCounts[intended] ?? 0) + 1;
    const stream = orderEvents.get(`order-${order.orderId}`) ?? [];
    const statuses = stream.filter((e) => typeof e.data.status === 'string');
    const stored = statuses.length ? String(statuses[statuses.length - 1].data.status) : 'absent';
    if (stored !== intended) {
      const last = stream.length ? stream[stream.length - 1].type : 'no events';
      const seen = [...order.shipments.values()].filter((s) => s.purpose === 'ORDER');
      lost.add(
        'orders not in their end state (event store)',
        `${key} (${order.plan.kind}): ${stored}, should be ${intended}; last event ${last}; shipments requested/booked in the store ${shipmentsRequested.get(order.orderId) ?? 0}/${shipmentsBooked.get(order.orderId) ?? 0}; outside: ${seen.length} seen by the warehouse, ${seen.filter((s) => s.packed).length} packed, ${seen.filter((s) => s.trackingNumber).length} booking(s) heard, ${seen.filter((s) => s.delivered).length} delivered${order.plan.kind === 'cancelled' && !order.cancellationSent ? '; the channel was never told it was confirmed, so it never cancelled' : ''}`,
      );
    }
    // An order the store never got is already counted above; the API rightly answers 404 for it.
    const shown = documents[i].status === 'HTTP 404' ? 'absent' : documents[i].status;
    if (shown !== stored) lost.add('orders shown wrong by the query API', `${key}: API ${shown}, store ${stored}`);
  });

  // A request opens a return stream (its first event is caused by the request); the outcome may
  // come later in that stream, caused by something else (a return that waited for its delivery).
  const rmasOfRequest = new Map<string, Set<string>>();
  for (const e of events) {
    if (!e.streamId.startsWith('return-') || !e.metadata.causationId) continue;
    const rmas = rmasOfRequest.get(e.metadata.causationId) ?? new Set<string>();
    rmas.add(e.streamId);
    rmasOfRequest.set(e.metadata.causationId, rmas);
  }
  const outcomes = countBy(byType(events, 'ReturnAuthorized', 'ReturnRejected'), (e) => e.streamId);
  const authorized = new Map(byType(events, 'ReturnAuthorized').map((e) => [String(e.data.rmaNumber), e]));
  for (const request of ledger.returnRequests) {
    const rmas = [...(rmasOfRequest.get(request.messageId) ?? [])];
    const n = rmas.reduce((sum, rma) => sum + (outcomes.get(rma) ?? 0), 0);
    const where = () =>
      rmas.length ? ` (${rmas.map((r) => `${r}: ${events.filter((e) => e.streamId === r).map((e) => e.type).join(' → ')}`).join('; ')})` : ' (no return opened)';
    if (n === 0) lost.add('return requests without an outcome', `${request.orderKey}: ReturnRequested ${request.messageId} neither authorised nor rejected${where()}`);
    if (n > 1 || rmas.length > 1) doubled.add('return or complaint requests answered twice', `${request.orderKey}: ReturnRequested ${request.messageId} answered ${n} times${where()}`);
  }
  const received = countBy(byType(events, 'ReturnReceived'), (e) => str(e.data.rmaNumber));
  const refunds = byType(events, 'RefundIssued').filter((e) => e.data.reason === 'RETURN');
  const refundsByRma = new Map<string, Event[]>();
  for (const r of refunds) refundsByRma.set(String(r.data.rmaNumber), [...(refundsByRma.get(String(r.data.rmaNumber)) ?? []), r]);
  const replacements = countBy(byType(events, 'ExchangeReplacementRequested'), (e) => str(e.data.rmaNumber));
  for (const rma of ledger.parcels.keys()) {
    const auth = authorized.get(rma);
    if (!auth) continue; // a parcel for an RMA the store never authorised is counted above
    const who = `${String(auth.data.channel)}:${String(auth.data.externalOrderId)} ${rma}`;
    if (!received.get(rma)) lost.add('return parcels never received', `${who}: parcel delivered to ${ledger.parcels.get(rma)![0].warehouseId}, no ReturnReceived`);
    if ((received.get(rma) ?? 0) > 1) doubled.add('return or complaint requests answered twice', `${who}: ReturnReceived ${received.get(rma)} times`);
    if (auth.data.resolution === 'REFUND') {
      const issued = refundsByRma.get(rma) ?? [];
      const value = (auth.data.lines as { quantity: number; unitPriceMinor: number }[]).reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
      const total = issued.reduce((n, r) => n + Number(r.data.amountMinor), 0);
      if (issued.length === 0) lost.add('refunds never issued', `${who}: parcel received, no RefundIssued`);
      if (issued.length > 1 || total > value) doubled.add('refunds issued twice or over the authorised value', `${who}: ${issued.length} refunds totalling ${total}, authorised ${value}`);
    } else if (!replacements.get(rma)) {
      lost.add('exchange replacements never requested', `${who}: parcel received, no ExchangeReplacementRequested`);
    }
  }
  const opened = countBy(byType(events, 'ComplaintOpened'), (e) => str(e.metadata.causationId));
  for (const c of ledger.complaints) {
    const n = opened.get(c.messageId) ?? 0;
    if (n === 0) lost.add('complaints never opened', `${c.orderKey}: ComplaintSubmitted ${c.messageId}`);
    if (n > 1) doubled.add('return or complaint requests answered twice', `${c.orderKey}: ComplaintSubmitted ${c.messageId} opened ${n} times`);
  }

  // ---- doubled: every effect at most once per cause ----
  for (const [streamId, list] of orderEvents) {
    for (const [type, n] of countBy(list, (e) => (['OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'OrderDelivered', 'OrderAllocated'].includes(e.type) ? e.type : undefined))) {
      if (n > 1) doubled.add('order decisions applied twice', `${streamId}: ${type} ${n} times`);
    }
  }
  const wanted = new Map<string, number>();
  for (const o of report.orders) for (const l of o.lines) wanted.set(`${o.orderId}|${l.sku}`, (wanted.get(`${o.orderId}|${l.sku}`) ?? 0) + l.quantity);
  for (const e of byType(events, 'ExchangeReplacementRequested')) {
    for (const l of e.data.lines as { sku: string; quantity: number }[]) wanted.set(`${String(e.data.rmaNumber)}|${l.sku}`, (wanted.get(`${String(e.data.rmaNumber)}|${l.sku}`) ?? 0) + l.quantity);
  }
  const reservedUnits = new Map<string, number>();
  for (const e of byType(events, 'StockReserved')) {
    const k = `${String(e.data.reservationId)}|${String(e.data.sku)}`;
    reservedUnits.set(k, (reservedUnits.get(k) ?? 0) + Number(e.data.quantity));
  }
  const orderIdByReservation = new Map<string, string>();
  for (const e of byType(events, 'StockAllocated')) orderIdByReservation.set(String(e.data.reservationId), String(e.data.purpose === 'EXCHANGE' ? e.data.rmaNumber : e.data.orderId));
  for (const [k, units] of reservedUnits) {
    const [reservationId, sku] = k.split('|');
    const owner = orderIdByReservation.get(reservationId) ?? reservationId;
    const max = wanted.get(`${owner}|${sku}`);
    if (max !== undefined && units > max) doubled.add('reservations over the ordered quantity', `reservation ${reservationId} holds ${units} × ${sku}, ${max} ordered`);
  }
  for (const [type, n] of [...countBy(byType(events, 'StockAllocated'), (e) => str(e.data.reservationId))].map(([id, c]) => [`StockAllocated ${id}`, c] as const)) {
    if (n > 1) doubled.add('reservations over the ordered quantity', `${type} ${n} times`);
  }
  for (const type of ['ShipmentRequested', 'ShipmentBooked', 'ShipmentPickedUp', 'ShipmentDelivered']) {
    for (const [id, n] of countBy(byType(events, type), (e) => str(e.data.shipmentId))) if (n > 1) doubled.add('shipments requested, booked, picked up or delivered twice', `${id}: ${type} ${n} times`);
  }
  for (const [k, n] of countBy(byType(events, 'StockShipped'), (e) => `${String(e.data.shipmentId)} ${String(e.data.sku)}`)) {
    if (n > 1) doubled.add('stock shipped twice for one shipment', `${k}: StockShipped ${n} times`);
  }
  // Goods back in a warehouse, per `rma-or-shipment|sku|warehouse`: the resellable lines of return
  // parcels, and whole parcels the carrier brought back to the sender.
  const resellable = new Map<string, number>();
  const back = (k: string, q: number) => resellable.set(k, (resellable.get(k) ?? 0) + q);
  for (const [rma, parcels] of ledger.parcels) {
    for (const p of parcels) for (const l of p.lines) if (l.condition === 'RESELLABLE') back(`${rma}|${l.sku}|${p.warehouseId}`, l.quantity);
  }
  for (const o of report.orders) {
    for (const s of o.shipments.values()) {
      if (!s.trackingNumber || !(ledger.scans.get(s.trackingNumber) ?? []).includes('RETURNED_TO_SENDER')) continue;
      for (const l of s.lines) back(`${s.shipmentId}|${l.sku}|${s.warehouseId}`, l.quantity);
    }
  }
  const restocked = new Map<string, number>();
  for (const e of byType(events, 'StockRestocked')) {
    const k = `${String(e.data.rmaNumber ?? e.data.shipmentId)}|${String(e.data.sku)}|${String(e.data.warehouseId)}`;
    restocked.set(k, (restocked.get(k) ?? 0) + Number(e.data.quantity));
  }
  for (const [k, units] of restocked) {
    if (units > (resellable.get(k) ?? 0)) doubled.add('restocks over what came back resellable', `${k.replace(/\|/g, ' ')}: ${units} restocked, ${resellable.get(k) ?? 0} came back resellable`);
  }

  // ---- stock conservation, per SKU and warehouse, from what the outside world did ----
  const expected = new Map<string, { received: number; returned: number; shipped: number; adjusted: number }>();
  const at = (k: string) => {
    let v = expected.get(k);
    if (!v) expected.set(k, (v = { received: 0, returned: 0, shipped: 0, adjusted: 0 }));
    return v;
  };
  for (const [k, q] of ledger.received) at(k).received += q;
  for (const [k, q] of resellable) {
    const [, sku, warehouseId] = k.split('|'); // returns and parcels back to sender alike
    at(`${sku}|${warehouseId}`).returned += q;
  }
  for (const o of report.orders) {
    for (const s of o.shipments.values()) {
      if (!s.trackingNumber || !(ledger.scans.get(s.trackingNumber) ?? []).length) continue; // never left the warehouse
      for (const l of s.lines) at(`${l.sku}|${s.warehouseId}`).shipped += l.quantity;
    }
  }
  const storeLevels = new Map<string, { onHand: number; reserved: number }>();
  for (const d of stockChanges(events).stock) {
    const v = storeLevels.get(`${d.sku}|${d.warehouseId}`) ?? { onHand: 0, reserved: 0 };
    v.onHand += d.onHand;
    v.reserved += d.reserved;
    storeLevels.set(`${d.sku}|${d.warehouseId}`, v);
  }
  const live = liveReservations(events);
  const skus = [...new Set([...expected.keys(), ...storeLevels.keys()].map((k) => k.split('|')[0]))].sort();
  const apiLevels = new Map<string, { onHand: number; reserved: number }>();
  for (const sku of skus) {
    const res = await fetchHonouringRetryAfter(`${deps.queryUrl}/inventory/${encodeURIComponent(sku)}`, { headers });
    if (res.status !== 200) continue;
    const body = (await res.json()) as { warehouses: { warehouseId: string; onHand: number; reserved: number }[] };
    for (const w of body.warehouses) apiLevels.set(`${sku}|${w.warehouseId}`, { onHand: w.onHand, reserved: w.reserved });
  }
  const keys = [...new Set([...expected.keys(), ...storeLevels.keys(), ...apiLevels.keys()])].sort();
  for (const k of keys) {
    const e = expected.get(k) ?? { received: 0, returned: 0, shipped: 0, adjusted: 0 };
    const should = e.received + e.returned - e.shipped - e.adjusted;
    const where = k.replace('|', ' at ');
    const api = apiLevels.get(k) ?? { onHand: 0, reserved: 0 };
    const store = storeLevels.get(k) ?? { onHand: 0, reserved: 0 };
    const formula = `${e.received} + ${e.returned} − ${e.shipped} − ${e.adjusted} = ${should}`;
    if (api.onHand !== should) stock.add(ON_HAND_API, `${where}: on hand ${api.onHand}, ${formula}`);
    if (store.onHand !== should) stock.add(ON_HAND_STORE, `${where}: on hand ${store.onHand}, ${formula}`);
    const held = live.get(k) ?? 0;
    if (api.reserved !== held) stock.add('reserved ≠ sum of live reservations (query API)', `${where}: reserved ${api.reserved}, live reservations hold ${held}`);
    if (store.reserved !== held) stock.add('reserved ≠ sum of live reservations (event store)', `${where}: reserved ${store.reserved}, live reservations hold ${held}`);
  }

  // Between the store and Kafka: every stored event must be on its service's topic.
  for (const service of [order, inventory, shipping, afterSales]) {
    if (!service.relay) continue;
    const categories = new Set(service.relay.categories);
    const topic = topicName(service.relay.topic, deps.namespace);
    const published = new Set((await readTopicToEnd(deps.bus, topic, { timeoutMs: 120_000 })).map((r) => r.headers['event-id']));
    for (const e of events) {
      if (categories.has(streamCategory(e.streamId)) && !published.has(e.eventId)) {
        lost.add('events stored but never published by their relay', `${e.type} ${e.eventId} of ${e.streamId} (position ${e.globalPosition}) is not on ${topic}`);
      }
    }
  }
  const listenerLag = await loadListenerLag(deps.bus, deps.namespace, report.runId);

  const deadLetters = await countDeadLetters(deps.bus, deps.namespace);
  return {
    lost: lost.list(),
    doubled: doubled.list(),
    stock: stock.list(),
    deadLetters,
    listenerLag,
    totals: {
      'orders accepted by Kafka': report.orders.length,
      ...Object.fromEntries(Object.entries(intendedCounts).map(([s, n]) => [`  of which should end ${s}`, n])),
      'return requests': ledger.returnRequests.length,
      'return parcels': ledger.parcels.size,
      complaints: ledger.complaints.length,
      'carrier scans': ledger.countByType.TrackingUpdated ?? 0,
      'stock positions (SKU × warehouse)': keys.length,
      'events in the store': events.length,
    },
  };
}

/** Units each reservation still holds per `sku|warehouse`: shipments allocated, less those released or shipped. */
function liveReservations(events: Event[]): Map<string, number> {
  const open = new Map<string, { warehouseId: string; lines: { sku: string; quantity: number }[] }>();
  for (const e of events) {
    if (e.type === 'StockAllocated' || e.type === 'BackorderAllocated') {
      for (const s of e.data.shipments as { shipmentId: string; warehouseId: string; lines: { sku: string; quantity: number }[] }[]) {
        open.set(s.shipmentId, s);
      }
    } else if (e.type === 'ReservationReleased') {
      for (const id of e.data.releasedShipments as string[]) open.delete(id);
    } else if (e.type === 'ReservationShipped') {
      open.delete(String(e.data.shipmentId));
    }
  }
  const held = new Map<string, number>();
  for (const s of open.values()) for (const l of s.lines) held.set(`${l.sku}|${s.warehouseId}`, (held.get(`${l.sku}|${s.warehouseId}`) ?? 0) + l.quantity);
  return held;
}

async function loadListenerLag(bus: MessageBus, namespace: string, runId: string): Promise<number> {
  const admin = await bus.admin();
  try {
    let lag = 0;
    for (const topic of [Topics.shippingEvents, Topics.channelNotifications]) lag += await admin.groupLag(`orderflow-simulator-${runId}`, topicName(topic, namespace));
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Every record of every dead-letter topic; the load sends no bad input, so none is deliberate. */
export async function countDeadLetters(bus: MessageBus, namespace: string): Promise<DeadLetterSummary> {
  const byTopic: Record<string, number> = {};
  const reasons = new Map<string, DeadLetterSummary['reasons'][number]>();
  let total = 0;
  for (const { topic } of allTopicSpecs(namespace).filter((t) => t.topic.endsWith('.dlq'))) {
    const records = await readTopicToEnd(bus, topic, { timeoutMs: 60_000 });
    byTopic[topic] = records.length;
    total += records.length;
    for (const r of records) {
      const reason = r.headers['dlq-reason'] ?? '(no reason header)';
      const consumer = r.headers['dlq-consumer'] ?? '?';
      const sourceTopic = r.headers['dlq-source-topic'] ?? topic.replace(/\.dlq$/, '');
      const key = `${consumer}|${sourceTopic}|${blank(reason)}`;
      const entry = reasons.get(key) ?? { reason: blank(reason), consumer, sourceTopic, count: 0, example: reason.slice(0, 300) };
      entry.count += 1;
      reasons.set(key, entry);
    }
  }
  return { total, deliberate: 0, byTopic, reasons: [...reasons.values()].sort((a, b) => b.count - a.count) };
}

/** A reason with its ids and numbers blanked, so the same cause groups together. */
function blank(reason: string): string {
  return reason
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b(OF|RMA|CMP|SIM[0-9a-f]*)-[\w-]+/g, '<$1>')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
}

async function fetchAll<T, R>(items: readonly T[], concurrency: number, get: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await get(items[i]);
      }
    }),
  );
  return out;
}
