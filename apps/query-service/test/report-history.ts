import { ShipmentAllocation, StreamIds } from '@orderflow/contracts';
import { ServiceEvent } from '@orderflow/projections';
import { ev, HistoryWriter, OrderScript } from './order-history';

/**
 * Four weeks of trading for the customer, trend and delivery emissions reports (docs/adr/0040), and
 * their figures reckoned from the appended events with plain code, none of the reports' SQL.
 *
 * Hundreds of orders of two channels in EUR, GBP and JPY: rejected, cancelled after booking, left
 * waiting, shipped, delivered, returned and refunded, complained about (resolved with goodwill or
 * not). Products registered with a category, re-registered under another, without one, or never
 * (KETTLE, GIFT).
 * Shipments booked with three carriers (one without a CO₂ factor), measured by the booking, by the
 * request only, or not at all. One customer's orders sealed with a key that is then erased.
 */

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString();

export const SKUS = ['MUG', 'CUP', 'TEA', 'LAMP', 'PEN', 'VASE', 'KETTLE', 'BOWL'] as const;
const PRICES: Record<string, number> = { GIFT: 500, MUG: 1250, CUP: 650, TEA: 899, LAMP: 4000, PEN: 350, VASE: 2999, KETTLE: 3490, BOWL: 1100 };
const price = (sku: string, currency: string) => (currency === 'JPY' ? PRICES[sku] * 2 : PRICES[sku]);
const WAREHOUSES = ['WH-BER', 'WH-HAM', 'WH-LYO'];
/** The carriers the bookings name, with the factor each booking recorded (LocalBike has none). */
export const CARRIER_FACTORS: Record<string, number | undefined> = { ParcelNet: 15, SwiftAir: 60, LocalBike: undefined };
const shipTo = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

/** Who is erased: its orders until then are sealed with the key `gdpr erase` destroys. */
export const ERASED = { channel: 'webshop', customerId: 'K-3' };

export interface ReportHistory {
  at: (days: number, hours?: number) => Date;
  day: (days: number) => string;
  orders: OrderScript[];
  /** Orders sealed with the key that is erased. */
  sealedWithErasedKey: Set<string>;
}

export interface SealedCustomer {
  name: string;
  email: string;
}

const reference = (e: { type: string; data: unknown }) => e as unknown as ServiceEvent;

export function writeReportHistory(w: HistoryWriter, { orders, erasedCustomer, now = new Date() }: { orders: number; erasedCustomer: SealedCustomer; now?: Date }): ReportHistory {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const base = startOfToday - 35 * DAY;
  const at = (days: number, hours = 0) => new Date(base + days * DAY + hours * HOUR);
  const day = (days: number) => iso(at(days)).slice(0, 10);

  const register = (when: Date, sku: string, category?: string) =>
    w.add(when, StreamIds.product(sku), 'key:0123456789ab (admin "catalogue")', reference({
      type: 'ProductRegistered',
      data: { sku, name: `The ${sku.toLowerCase()}`, weightGrams: 500, prices: [], ...(category ? { category } : {}), registeredAt: iso(when) },
    }));
  for (const [sku, category] of [['MUG', 'kitchen'], ['CUP', 'kitchen'], ['BOWL', 'kitchen'], ['TEA', 'food'], ['LAMP', 'lighting'], ['PEN', 'office']]) {
    register(at(0), sku, category);
  }
  register(at(0), 'VASE'); // registered without a category
  register(at(10), 'TEA', 'tea'); // the last registration is the one that counts
  // KETTLE is never registered.

  const scripts: OrderScript[] = [];
  const sealedWithErasedKey = new Set<string>();
  for (let k = 0; k < orders; k++) {
    const d = k % 28;
    const placedAt = new Date(at(d, 8 + (k % 10)).getTime() + ((k * 7) % 60) * 60_000);
    const after = (hours: number) => new Date(placedAt.getTime() + hours * HOUR);
    const channel = k % 4 === 3 ? 'marketplace' : 'webshop';
    const currency = channel === 'marketplace' ? 'JPY' : k % 3 === 0 ? 'GBP' : 'EUR';
    const customerId = channel === 'webshop' ? `K-${k % 37}` : k % 37 === 7 ? 'K-7' : `M-${k % 11}`;
    const erased = channel === ERASED.channel && customerId === ERASED.customerId;
    const sku = SKUS[k % SKUS.length];
    const lines: { sku: string; quantity: number; unitPriceMinor: number }[] = [{ sku, quantity: 1 + (k % 3), unitPriceMinor: price(sku, currency) }];
    // The trends: lamps sell in the last week, pens the week before; cups rise steadily, and a
    // gift box (never registered) triples from one unit: a small change, a large share.
    const extra = d >= 21 ? 'LAMP' : 'PEN';
    if (k % 2 === 0 && extra !== sku) lines.push({ sku: extra, quantity: d >= 21 ? 2 : 1, unitPriceMinor: price(extra, currency) });
    if (d >= 21 && k % 4 === 1 && sku !== 'CUP') lines.push({ sku: 'CUP', quantity: 1, unitPriceMinor: price('CUP', currency) });
    if (k === 15 || k === 22) lines.push({ sku: 'GIFT', quantity: k === 15 ? 1 : 3, unitPriceMinor: price('GIFT', currency) });
    const o = new OrderScript(w, {
      channel,
      externalOrderId: `R-${10_000 + k}`,
      orderNumber: `OF-${500_000 + k}`,
      currency,
      customerId,
      lines,
      placedAt,
      estimatedDeliveryDate: day(d + 3),
      ...(erased ? { customer: erasedCustomer } : {}),
    });
    scripts.push(o);
    if (erased) sealedWithErasedKey.add(o.orderId);
    if (k % 29 === 5) {
      o.placeAndReject(['out of stock']);
      continue;
    }
    o.placeAndConfirm();
    if (k % 9 === 2) complain(w, o, k, after);
    if (k % 5 === 0) continue; // confirmed, waiting

    const promisedBy = day(d + 3);
    const km = Math.round(((k * 73) % 5000) + 5) / 10;
    const requestedKm = k % 6 === 1 ? undefined : km;
    const bookedKm = k % 6 === 1 || k % 6 === 2 ? undefined : k % 6 === 3 ? Math.round(km * 10 + 15) / 10 : km;
    const carrier = k % 7 <= 3 ? 'ParcelNet' : k % 7 <= 5 ? 'SwiftAir' : 'LocalBike';
    const factor = k % 10 === 9 ? undefined : CARRIER_FACTORS[carrier];
    const shipment: ShipmentAllocation = {
      shipmentId: `${o.spec.orderNumber}-1`,
      warehouseId: WAREHOUSES[k % WAREHOUSES.length],
      lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      ...(requestedKm !== undefined ? { distanceKm: requestedKm } : {}),
    };
    o.allocate(after(1), [shipment], [], promisedBy);
    const ref = { shipmentId: shipment.shipmentId, ...o.ref, purpose: 'ORDER' as const };
    const stream = StreamIds.shipment(shipment.shipmentId);
    w.add(
      after(1.5),
      stream,
      'service:shipping-service',
      ev('ShipmentRequested', { ...ref, reservationId: o.orderId, warehouseId: shipment.warehouseId, lines: shipment.lines, shipTo, promisedBy, requestedAt: iso(after(1.5)), ...(requestedKm !== undefined ? { distanceKm: requestedKm } : {}) }),
    );
    w.add(
      after(3),
      stream,
      `warehouse:${shipment.warehouseId}`,
      ev('ShipmentBooked', {
        ...ref,
        carrier,
        trackingNumber: `TRK-${shipment.shipmentId}`,
        serviceLevel: 'STANDARD',
        weightGrams: 900,
        costMinor: 499,
        currency: 'EUR',
        estimatedDeliveryDate: promisedBy,
        promisedBy,
        rule: 'cheapest arriving by the promised date',
        ...(bookedKm !== undefined ? { distanceKm: bookedKm } : {}),
        ...(factor !== undefined ? { co2GramsPerKm: factor } : {}),
        bookedAt: iso(after(3)),
      }),
    );
    if (k % 17 === 4) {
      o.cancel(after(5), 'customer asked', [shipment]);
      continue;
    }
    if (k % 5 === 1) continue; // booked, not picked up yet
    o.pickUp(after(6), shipment, carrier, 'SHIPPED').deliver(after(26), shipment, carrier, promisedBy, 'DELIVERED');
    if (k % 4 === 0) {
      const rma = { rmaNumber: `RMA-${500_000 + k}`, ...o.ref };
      const returned = lines[0];
      w.add(after(72), StreamIds.return(rma.rmaNumber), `channel:${channel}`, ev('ReturnAuthorized', {
        ...rma,
        lines: [{ sku: returned.sku, quantity: 1, reason: 'changed mind', unitPriceMinor: returned.unitPriceMinor }],
        resolution: 'REFUND',
        currency,
        returnBy: day(d + 33),
        authorizedAt: iso(after(72)),
      }));
      w.add(
        after(96),
        StreamIds.return(rma.rmaNumber),
        `warehouse:${shipment.warehouseId}`,
        ev('ReturnReceived', { ...rma, warehouseId: shipment.warehouseId, lines: [{ sku: returned.sku, quantity: 1, condition: 'RESELLABLE' }], receivedAt: iso(after(96)) }),
        ev('RefundIssued', { ...o.ref, rmaNumber: rma.rmaNumber, amountMinor: returned.unitPriceMinor, currency, reason: 'RETURN', issuedAt: iso(after(96)) }),
      );
    }
  }
  return { at, day, orders: scripts, sealedWithErasedKey };
}

function complain(w: HistoryWriter, o: OrderScript, k: number, after: (hours: number) => Date): void {
  const complaint = { complaintId: `CMP-${500_000 + k}`, ...o.ref };
  const stream = StreamIds.complaint(complaint.complaintId);
  const category = ['late delivery', 'damaged', 'packaging'][k % 3];
  w.add(after(48), stream, `channel:${o.spec.channel}`, ev('ComplaintOpened', { ...complaint, category, message: 'not happy', source: 'CUSTOMER', openedAt: iso(after(48)) }));
  if (k % 2 !== 0) return;
  const goodwill = k % 4 === 0;
  w.add(
    after(60),
    stream,
    'operator',
    ev('ComplaintResolved', { ...complaint, resolution: 'sorted', ...(goodwill ? { goodwillRefundMinor: 300, currency: o.spec.currency } : {}), resolvedAt: iso(after(60)) }),
    ...(goodwill ? [ev('RefundIssued', { ...o.ref, complaintId: complaint.complaintId, amountMinor: 300, currency: o.spec.currency, reason: 'GOODWILL', issuedAt: iso(after(60)) })] : []),
  );
}

// --- the figures, reckoned from the log

const by = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
};
const ordersWith = (w: HistoryWriter, type: string) => new Set(w.log.filter((e) => e.type === type).map((e) => String(e.data.orderId)));
const C = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each SKU's category as its last registration left it. */
export function categories(w: HistoryWriter): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of w.log as D[]) if (e.type === 'ProductRegistered') out.set(e.data.sku, e.data.category ?? 'uncategorised');
  return out;
}
const categoryOf = (w: HistoryWriter) => {
  const known = categories(w);
  return (sku: string) => known.get(sku) ?? 'uncategorised';
};

/** Round half away from zero of the fraction n / d (d > 0), in units of 1 / scale. */
export function roundedShare(n: number, d: number, scale: number): number {
  const q = Math.floor((2 * Math.abs(n) * scale + d) / (2 * d));
  return (Math.sign(n) * q) / scale;
}

export function expectedCustomer(w: HistoryWriter, channel: string, customerId: string, hidden: ReadonlySet<string>, top = 5) {
  const placed = (w.log as D[]).filter((e) => e.type === 'OrderPlaced' && e.data.channel === channel && e.data.customer.id === customerId && !hidden.has(e.data.orderId));
  const ids = new Set(placed.map((e) => String(e.data.orderId)));
  const confirmed = ordersWith(w, 'OrderConfirmed');
  const rejected = ordersWith(w, 'OrderRejected');
  const cancelled = ordersWith(w, 'OrderCancelled');
  const delivered = ordersWith(w, 'OrderDelivered');
  const kept = placed.filter((e) => confirmed.has(e.data.orderId) && !cancelled.has(e.data.orderId));
  const mine = (e: D) => ids.has(String(e.data.orderId));
  const keptIds = new Set(kept.map((e) => String(e.data.orderId)));
  const refunds = (w.log as D[]).filter((e) => e.type === 'RefundIssued' && keptIds.has(e.data.orderId));
  const lifetimeValue = [...by(kept, (e) => e.data.currency)]
    .sort(([a], [b]) => C(a, b))
    .map(([currency, list]) => {
      const orderedMinor = list.reduce((n, e) => n + e.data.totalMinor, 0);
      const refundedMinor = refunds.filter((r) => r.data.currency === currency).reduce((n, r) => n + r.data.amountMinor, 0);
      return { currency, orders: list.length, orderedMinor, refundedMinor, netMinor: orderedMinor - refundedMinor };
    });
  const category = categoryOf(w);
  const lines = kept.flatMap((e) => (e.data.lines as D[]).map((l) => ({ orderId: String(e.data.orderId), sku: String(l.sku), quantity: Number(l.quantity), category: category(l.sku) })));
  const rank = (a: { units: number; orders: number }, b: { units: number; orders: number }) => b.units - a.units || b.orders - a.orders;
  const favouriteSkus = [...by(lines, (l) => l.sku)]
    .map(([sku, ls]) => ({ sku, category: category(sku), units: ls.reduce((n, l) => n + l.quantity, 0), orders: new Set(ls.map((l) => l.orderId)).size }))
    .sort((a, b) => rank(a, b) || C(a.sku, b.sku))
    .slice(0, top);
  const favouriteCategories = [...by(lines, (l) => l.category)]
    .map(([c, ls]) => ({ category: c, units: ls.reduce((n, l) => n + l.quantity, 0), orders: new Set(ls.map((l) => l.orderId)).size, skus: new Set(ls.map((l) => l.sku)).size }))
    .sort((a, b) => rank(a, b) || C(a.category, b.category))
    .slice(0, top);
  const sum = (type: string, field = 'quantity') =>
    (w.log as D[]).filter((e) => e.type === type && mine(e) && (e.data.purpose ?? 'ORDER') === 'ORDER').reduce((n, e) => n + (e.data.lines as D[]).reduce((m, l) => m + l[field], 0), 0);
  const deliveredUnits = sum('ShipmentDelivered');
  const returnedUnits = sum('ReturnReceived');
  const opened = (w.log as D[]).filter((e) => e.type === 'ComplaintOpened' && mine(e));
  const resolved = (w.log as D[]).filter((e) => e.type === 'ComplaintResolved' && mine(e)).length;
  const times = placed.map((e) => String(e.data.placedAt)).sort();
  return {
    customerId,
    channel,
    orders: {
      placed: placed.length,
      confirmed: placed.filter((e) => confirmed.has(e.data.orderId)).length,
      rejected: placed.filter((e) => rejected.has(e.data.orderId)).length,
      cancelled: placed.filter((e) => cancelled.has(e.data.orderId)).length,
      delivered: placed.filter((e) => delivered.has(e.data.orderId)).length,
    },
    firstOrderAt: times.length ? new Date(times[0]).toISOString() : null,
    lastOrderAt: times.length ? new Date(times[times.length - 1]).toISOString() : null,
    lifetimeValue,
    favouriteSkus,
    favouriteCategories,
    returns: {
      deliveredUnits,
      returnedUnits,
      returnRate: deliveredUnits > 0 ? returnedUnits / deliveredUnits : null,
      authorized: (w.log as D[]).filter((e) => e.type === 'ReturnAuthorized' && mine(e)).length,
    },
    complaints: {
      opened: opened.length,
      open: opened.length - resolved,
      resolved,
      byCategory: [...by(opened, (e) => e.data.category)]
        .map(([c, list]) => ({ category: c, complaints: list.length }))
        .sort((a, b) => b.complaints - a.complaints || C(a.category, b.category)),
    },
  };
}

export function expectedTrends(w: HistoryWriter, from: Date, to: Date, rankBy: 'change' | 'relative', limit: number) {
  const length = to.getTime() - from.getTime();
  const previousFrom = from.getTime() - length;
  const confirmed = ordersWith(w, 'OrderConfirmed');
  const units = new Map<string, { units: number; previous: number }>();
  for (const e of w.log as D[]) {
    if (e.type !== 'OrderPlaced' || !confirmed.has(e.data.orderId)) continue;
    const t = Date.parse(e.data.placedAt);
    if (t < previousFrom || t >= to.getTime()) continue;
    for (const l of e.data.lines as D[]) {
      const u = units.get(l.sku) ?? { units: 0, previous: 0 };
      if (t >= from.getTime()) u.units += l.quantity;
      else u.previous += l.quantity;
      units.set(l.sku, u);
    }
  }
  const category = categoryOf(w);
  const rows = [...units].map(([sku, u]) => ({
    sku,
    category: category(sku),
    units: u.units,
    previousUnits: u.previous,
    change: u.units - u.previous,
    relativeChange: u.previous > 0 ? roundedShare(u.units - u.previous, u.previous, 10_000) : null,
  }));
  type Row = (typeof rows)[number];
  const rel = (r: Row) => r.relativeChange ?? Infinity;
  const orders = {
    risingChange: (a: Row, b: Row) => b.change - a.change || Number(b.previousUnits === 0) - Number(a.previousUnits === 0) || rel(b) - rel(a) || C(a.sku, b.sku),
    risingRelative: (a: Row, b: Row) => Number(b.previousUnits === 0) - Number(a.previousUnits === 0) || (rel(b) === rel(a) ? 0 : rel(b) > rel(a) ? 1 : -1) || b.change - a.change || C(a.sku, b.sku),
    fallingChange: (a: Row, b: Row) => a.change - b.change || rel(a) - rel(b) || C(a.sku, b.sku),
    fallingRelative: (a: Row, b: Row) => rel(a) - rel(b) || a.change - b.change || C(a.sku, b.sku),
  };
  const ranked = (list: Row[], byChange: (a: Row, b: Row) => number, byRelative: (a: Row, b: Row) => number) => {
    const change = [...list].sort(byChange).map((r) => r.sku);
    const relative = [...list].sort(byRelative).map((r) => r.sku);
    const withRanks = list.map((r) => ({ ...r, rankByChange: change.indexOf(r.sku) + 1, rankByRelativeChange: relative.indexOf(r.sku) + 1 }));
    return withRanks.sort((a, b) => (rankBy === 'change' ? a.rankByChange - b.rankByChange : a.rankByRelativeChange - b.rankByRelativeChange)).slice(0, limit);
  };
  return {
    previousFrom: new Date(previousFrom).toISOString(),
    totals: {
      units: rows.reduce((n, r) => n + r.units, 0),
      previousUnits: rows.reduce((n, r) => n + r.previousUnits, 0),
      rising: rows.filter((r) => r.change > 0).length,
      falling: rows.filter((r) => r.change < 0).length,
      unchanged: rows.filter((r) => r.change === 0).length,
    },
    rising: ranked(rows.filter((r) => r.change > 0), orders.risingChange, orders.risingRelative),
    falling: ranked(rows.filter((r) => r.change < 0), orders.fallingChange, orders.fallingRelative),
  };
}

export function expectedEmissions(w: HistoryWriter, from: Date, to: Date, groupBy: 'day' | 'warehouse' | 'carrier') {
  const requested = new Map<string, D>();
  for (const e of w.log as D[]) if (e.type === 'ShipmentRequested') requested.set(e.data.shipmentId, e.data);
  const cancelled = new Set((w.log as D[]).filter((e) => e.type === 'ShipmentCancelled').map((e) => e.data.shipmentId));
  type Acc = { shipments: number; measured: number; tenths: number; estimated: number; co2: number };
  const groups = new Map<string, Acc>();
  const total: Acc = { shipments: 0, measured: 0, tenths: 0, estimated: 0, co2: 0 };
  for (const e of w.log as D[]) {
    if (e.type !== 'ShipmentBooked' || cancelled.has(e.data.shipmentId)) continue;
    const t = Date.parse(e.data.bookedAt);
    if (t < from.getTime() || t >= to.getTime()) continue;
    const r = requested.get(e.data.shipmentId);
    const key = groupBy === 'day' ? String(e.data.bookedAt).slice(0, 10) : groupBy === 'warehouse' ? r!.warehouseId : e.data.carrier;
    const km: number | undefined = e.data.distanceKm ?? r?.distanceKm;
    const g = groups.get(key) ?? { shipments: 0, measured: 0, tenths: 0, estimated: 0, co2: 0 };
    for (const acc of [g, total]) {
      acc.shipments += 1;
      if (km === undefined) continue;
      const tenths = Math.round(km * 10);
      acc.measured += 1;
      acc.tenths += tenths;
      if (e.data.co2GramsPerKm === undefined) continue;
      acc.estimated += 1;
      acc.co2 += Math.floor((tenths * e.data.co2GramsPerKm + 5) / 10); // grams, half up (all positive)
    }
    groups.set(key, g);
  }
  const figures = (a: Acc) => ({
    shipments: a.shipments,
    measuredShipments: a.measured,
    totalDistanceKm: a.tenths / 10,
    averageDistanceKm: a.measured > 0 ? roundedShare(a.tenths, a.measured * 10, 10) : null,
    estimatedShipments: a.estimated,
    co2Grams: a.co2,
    averageCo2GramsPerShipment: a.estimated > 0 ? roundedShare(a.co2, a.estimated, 10) : null,
  });
  return {
    rows: [...groups].sort(([a], [b]) => C(a, b)).map(([key, a]) => ({ key, ...figures(a) })),
    totals: figures(total),
  };
}
