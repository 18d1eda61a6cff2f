import { INestApplication } from '@nestjs/common';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { createServiceApp } from '@orderflow/platform';
import { Role, Scope } from '@orderflow/security';
import { bearer, issueApiKey, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryServiceModule } from '../src/query-service.module';
import { SERVICE } from '../src/service';
import { AppendedEvent, HistoryWriter } from './order-history';

/**
 * Report figures computed straight from what the test appended, with plain code and none of the
 * projection's SQL, so the reports are checked against an independent reckoning.
 */
type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const t = (s: unknown) => Date.parse(String(s));
const inWindow = (s: unknown, from: Date, to: Date) => s !== undefined && s !== null && t(s) >= from.getTime() && t(s) < to.getTime();
const byOrder = (w: HistoryWriter, type: string) => {
  const m = new Map<string, D>();
  for (const e of w.log) if (e.type === type && !m.has(String(e.data.orderId))) m.set(String(e.data.orderId), e.data);
  return m;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function stats(seconds: number[]) {
  return {
    count: seconds.length,
    p50Seconds: percentile(seconds, 0.5),
    p90Seconds: percentile(seconds, 0.9),
    maxSeconds: seconds.length ? Math.max(...seconds) : null,
  };
}

export function expectedSales(w: HistoryWriter, from: Date, to: Date, groupBy: 'day' | 'channel' | 'sku') {
  const placed = byOrder(w, 'OrderPlaced');
  const confirmed = byOrder(w, 'OrderConfirmed');
  const rejected = byOrder(w, 'OrderRejected');
  const rows = new Map<string, D>();
  const row = (key: string, currency: string) => {
    const id = `${key}|${currency}`;
    if (!rows.has(id)) rows.set(id, { key, currency, orders: 0, units: 0, revenueMinor: 0, rejected: 0, cancellations: 0, cancelledMinor: 0 });
    return rows.get(id)!;
  };
  const keysOf = (order: D, when: string): { key: string; units: number; value: number }[] =>
    groupBy === 'sku'
      ? order.lines.map((l: D) => ({ key: l.sku, units: l.quantity, value: l.quantity * l.unitPriceMinor }))
      : [{ key: groupBy === 'day' ? when.slice(0, 10) : order.channel, units: sum(order.lines.map((l: D) => l.quantity)), value: order.totalMinor }];
  for (const [orderId, order] of placed) {
    if (!inWindow(order.placedAt, from, to)) continue;
    const keys = keysOf(order, new Date(order.placedAt).toISOString());
    for (const k of groupBy === 'sku' ? [...new Map(keys.map((x) => [x.key, x])).values()] : keys) {
      const r = row(k.key, order.currency);
      if (confirmed.has(orderId)) {
        r.orders += 1;
        r.units += sum(keys.filter((x) => x.key === k.key).map((x) => x.units));
        r.revenueMinor += sum(keys.filter((x) => x.key === k.key).map((x) => x.value));
      }
      if (rejected.has(orderId)) r.rejected += 1;
    }
  }
  for (const e of w.ofType('OrderCancelled')) {
    if (!inWindow(e.data.cancelledAt, from, to)) continue;
    const order = placed.get(e.data.orderId)!;
    for (const k of keysOf(order, new Date(e.data.cancelledAt).toISOString())) {
      const r = row(k.key, order.currency);
      r.cancellations += 1;
      r.cancelledMinor += k.value;
    }
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : 1));
}

export function expectedFulfillment(w: HistoryWriter, from: Date, to: Date, now: Date) {
  const placed = byOrder(w, 'OrderPlaced');
  const confirmed = byOrder(w, 'OrderConfirmed');
  const allocated = byOrder(w, 'OrderAllocated');
  const delivered = byOrder(w, 'OrderDelivered');
  const cancelled = byOrder(w, 'OrderCancelled');
  const firstBackorder = byOrder(w, 'OrderBackordered');
  const pickUps = new Map<string, number>();
  for (const e of w.ofType('ShipmentPickedUp')) {
    if (e.data.purpose !== 'ORDER') continue;
    const prev = pickUps.get(e.data.orderId);
    pickUps.set(e.data.orderId, Math.min(prev ?? Infinity, t(e.data.pickedUpAt)));
  }
  const seconds = (a: number, b: number) => (a - b) / 1000;
  const lead = { placedToConfirmed: [] as number[], confirmedToAllocated: [] as number[], allocatedToShipped: [] as number[], shippedToDelivered: [] as number[], placedToDelivered: [] as number[] };
  let deliveredCount = 0;
  let onTime = 0;
  for (const [orderId, p] of placed) {
    const c = confirmed.get(orderId);
    const a = allocated.get(orderId);
    const s = pickUps.get(orderId);
    const d = delivered.get(orderId);
    if (c && inWindow(c.confirmedAt, from, to)) lead.placedToConfirmed.push(seconds(t(c.confirmedAt), t(p.placedAt)));
    if (a && c && inWindow(a.allocatedAt, from, to)) lead.confirmedToAllocated.push(seconds(t(a.allocatedAt), t(c.confirmedAt)));
    if (s !== undefined && a && s >= from.getTime() && s < to.getTime()) lead.allocatedToShipped.push(Math.max(0, seconds(s, t(a.allocatedAt))));
    if (d && inWindow(d.deliveredAt, from, to)) {
      if (s !== undefined) lead.shippedToDelivered.push(seconds(t(d.deliveredAt), s));
      lead.placedToDelivered.push(seconds(t(d.deliveredAt), t(p.placedAt)));
      deliveredCount += 1;
      if (String(d.deliveredAt).slice(0, 10) <= c!.estimatedDeliveryDate) onTime += 1;
    }
  }
  const firstDelay = new Map<string, D>();
  for (const e of w.log) {
    if ((e.type === 'ShipmentDelayed' || e.type === 'OrderShipmentDelayed') && !firstDelay.has(String(e.data.shipmentId))) {
      firstDelay.set(String(e.data.shipmentId), { at: e.type === 'ShipmentDelayed' ? e.data.detectedAt : e.data.delayedAt });
    }
  }
  const delayed = [...firstDelay.values()].filter((x) => inWindow(x.at, from, to)).length;
  // Open backorders: what the last allocation event of each order left waiting, unless cancelled.
  const waiting = new Map<string, number>();
  for (const e of w.log) {
    if (e.type === 'OrderBackordered' || e.type === 'OrderBackorderPartlyFilled') waiting.set(String(e.data.orderId), sum((e.data.backordered as D[]).map((b) => b.quantity)));
    if (e.type === 'OrderAllocated' || e.type === 'OrderCancelled') waiting.delete(String(e.data.orderId));
  }
  const buckets = [
    { bucket: 'under 1 day', lo: 0, hi: 1 },
    { bucket: '1 to 3 days', lo: 1, hi: 3 },
    { bucket: '3 to 7 days', lo: 3, hi: 7 },
    { bucket: '7 days or more', lo: 7, hi: Infinity },
  ].map((b) => {
    const members = [...waiting].filter(([orderId]) => {
      const ageDays = (now.getTime() - t(firstBackorder.get(orderId)!.backorderedAt)) / 86_400_000;
      return !cancelled.has(orderId) && ageDays >= b.lo && ageDays < b.hi;
    });
    return { bucket: b.bucket, orders: members.length, units: sum(members.map(([, u]) => u)) };
  });
  return {
    leadTimes: Object.fromEntries(Object.entries(lead).map(([k, v]) => [k, stats(v)])),
    onTimeDelivery: { delivered: deliveredCount, onTime, rate: deliveredCount ? onTime / deliveredCount : null },
    delayedShipments: delayed,
    backorderAgeing: buckets,
  };
}

export function expectedAfterSales(w: HistoryWriter, from: Date, to: Date) {
  const delivered = new Map<string, number>();
  for (const e of w.ofType('ShipmentDelivered')) {
    if (e.data.purpose !== 'ORDER' || !inWindow(e.data.deliveredAt, from, to)) continue;
    for (const l of e.data.lines) delivered.set(l.sku, (delivered.get(l.sku) ?? 0) + l.quantity);
  }
  const reasonOf = new Map<string, string>();
  for (const e of w.ofType('ReturnAuthorized')) for (const l of e.data.lines) reasonOf.set(`${e.data.rmaNumber}|${l.sku}`, l.reason);
  const returned = new Map<string, number>();
  const byReason = new Map<string, { units: number; rmas: Set<string> }>();
  const receivedRmas = new Set<string>();
  for (const e of w.ofType('ReturnReceived')) {
    if (!inWindow(e.data.receivedAt, from, to)) continue;
    receivedRmas.add(e.data.rmaNumber);
    for (const l of e.data.lines) {
      returned.set(l.sku, (returned.get(l.sku) ?? 0) + l.quantity);
      const reason = reasonOf.get(`${e.data.rmaNumber}|${l.sku}`) ?? 'unannounced';
      const r = byReason.get(reason) ?? { units: 0, rmas: new Set<string>() };
      r.units += l.quantity;
      r.rmas.add(e.data.rmaNumber);
      byReason.set(reason, r);
    }
  }
  const skus = [...new Set([...delivered.keys(), ...returned.keys()])].sort();
  const refunds = new Map<string, D>();
  for (const e of w.ofType('RefundIssued')) {
    if (!inWindow(e.data.issuedAt, from, to)) continue;
    const r = refunds.get(e.data.currency) ?? { currency: e.data.currency, refunds: 0, amountMinor: 0, returnMinor: 0, goodwillMinor: 0 };
    r.refunds += 1;
    r.amountMinor += e.data.amountMinor;
    if (e.data.reason === 'RETURN') r.returnMinor += e.data.amountMinor;
    else r.goodwillMinor += e.data.amountMinor;
    refunds.set(e.data.currency, r);
  }
  const opened = w.ofType('ComplaintOpened').filter((e) => inWindow(e.data.openedAt, from, to));
  const openedAt = new Map(w.ofType('ComplaintOpened').map((e) => [e.data.complaintId, t(e.data.openedAt)]));
  const resolveBy = new Map(w.ofType('ComplaintAcknowledged').map((e) => [e.data.complaintId, t(e.data.resolveBy)]));
  const resolved = w.ofType('ComplaintResolved').filter((e) => inWindow(e.data.resolvedAt, from, to));
  const bySource: Record<string, number> = {};
  for (const e of opened) bySource[e.data.source] = (bySource[e.data.source] ?? 0) + 1;
  return {
    returnRateBySku: skus.map((sku) => {
      const d = delivered.get(sku) ?? 0;
      const r = returned.get(sku) ?? 0;
      return { sku, deliveredUnits: d, returnedUnits: r, returnRate: d > 0 ? r / d : null };
    }),
    returnsByReason: [...byReason]
      .map(([reason, r]) => ({ reason, returnedUnits: r.units, returns: r.rmas.size }))
      .sort((a, b) => b.returnedUnits - a.returnedUnits || (a.reason < b.reason ? -1 : 1)),
    returns: {
      authorized: w.ofType('ReturnAuthorized').filter((e) => inWindow(e.data.authorizedAt, from, to)).length,
      rejected: w.ofType('ReturnRejected').filter((e) => inWindow(e.data.rejectedAt, from, to)).length,
      received: receivedRmas.size,
    },
    refunds: [...refunds.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    exchanges: {
      authorized: w.ofType('ReturnAuthorized').filter((e) => e.data.resolution === 'EXCHANGE' && inWindow(e.data.authorizedAt, from, to)).length,
      shipped: w.ofType('ExchangeShipped').filter((e) => inWindow(e.data.shippedAt, from, to)).length,
    },
    complaints: {
      opened: opened.length,
      openedBySource: bySource,
      resolved: resolved.length,
      resolvedWithinDeadline: resolved.filter((e) => resolveBy.has(e.data.complaintId) && t(e.data.resolvedAt) <= resolveBy.get(e.data.complaintId)!).length,
      timeToResolve: stats(resolved.map((e) => (t(e.data.resolvedAt) - openedAt.get(e.data.complaintId)!) / 1000)),
    },
  };
}

/** Stock per SKU and warehouse by the inventory contract's own formulas, and what waits per SKU. */
export function expectedStock(w: HistoryWriter) {
  const levels = new Map<string, { onHand: number; reserved: number }>();
  const at = (sku: string, wh: string) => {
    const key = `${sku}|${wh}`;
    if (!levels.has(key)) levels.set(key, { onHand: 0, reserved: 0 });
    return levels.get(key)!;
  };
  const waiting = new Map<string, number>();
  for (const e of w.log) {
    const d = e.data as D;
    switch (e.type) {
      case 'StockReceived':
      case 'StockRestocked':
        at(d.sku, d.warehouseId).onHand += d.quantity;
        break;
      case 'StockAdjusted':
        at(d.sku, d.warehouseId).onHand += d.quantityDelta;
        break;
      case 'StockReserved':
        at(d.sku, d.warehouseId).reserved += d.quantity;
        break;
      case 'StockReservationReleased':
        at(d.sku, d.warehouseId).reserved -= d.quantity;
        break;
      case 'StockShipped':
        at(d.sku, d.warehouseId).onHand -= d.quantity;
        at(d.sku, d.warehouseId).reserved -= d.reservedQuantity;
        break;
      case 'BackorderQueued':
        waiting.set(d.sku, (waiting.get(d.sku) ?? 0) + d.quantity);
        break;
      case 'BackorderFilled':
        waiting.set(d.sku, (waiting.get(d.sku) ?? 0) - d.quantity);
        break;
      default:
        break;
    }
  }
  return { levels, waiting };
}

export function timelineOf(w: HistoryWriter, orderId: string): AppendedEvent[] {
  return w.forOrder(orderId).sort((a, b) => a.position - b.position);
}

/** The query service as an in-process Nest app (on the service's own HTTP adapter) on a free port, pointed at the test database. */
export interface QueryApp {
  app: INestApplication;
  url: string;
  /** Every route the HTTP server registered, as `GET /orders/{orderId}` (HEAD twins left out). */
  routes: string[];
  /** GET with the app's auditor key (it reads everything), unless `headers` carry an Authorization of their own. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: D; headers: Headers }>;
  /** Issues a key in the app's database. */
  key(role: Role, scope?: Scope): Promise<string>;
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export async function startQueryApp(db: TestDatabase, env: Record<string, string> = {}): Promise<QueryApp> {
  Object.assign(process.env, { DATABASE_URL: db.urlFor('query-service'), KAFKA_LOG_LEVEL: 'NOTHING', QUERY_PROJECTOR_IDLE_MS: '10', ...env });
  const app = await createServiceApp(QueryServiceModule, SERVICE, { logger: ['error'] });
  const routes: string[] = [];
  (app.getHttpAdapter() as FastifyAdapter).getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Keys are the operators' CLI's to issue; the service's own role may not (ADR 23).
  const reader = await issueApiKey(db.dataSource, 'auditor');
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { headers: { ...bearer(reader), ...headers } });
    const text = await res.text();
    let body: D;
    try {
      body = JSON.parse(text);
    } catch {
      body = { text };
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    app,
    url,
    routes,
    get,
    key: (role, scope) => issueApiKey(db.dataSource, role, scope),
    async caughtUp() {
      await waitFor(
        'every projection to reach the head of the store',
        async () => {
          const { body } = await get('/projections');
          return body.projections?.every((p: D) => p.lagEvents === 0 && p.checkpoint.position === p.headPosition);
        },
        { timeoutMs: 30_000, intervalMs: 25 },
      );
    },
    close: () => app.close(),
  };
}
