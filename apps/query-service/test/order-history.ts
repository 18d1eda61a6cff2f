import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_EVENT_SCHEMAS, orderIdFor, PaymentMode, PricedLine, ShipmentAllocation, SkuQuantity, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { ServiceEvent } from '@orderflow/projections';

type EventType = ServiceEvent['type'];
type DataOf<T extends EventType> = Extract<ServiceEvent, { type: T }>['data'];

/** An event as the test appended it: what expectations are computed from, independently of the projections. */
export interface AppendedEvent {
  position: number;
  streamId: string;
  type: EventType;
  data: Record<string, unknown>;
  recordedAt: Date;
  correlationId: string;
  causationId: string;
}

interface Step {
  at: Date;
  streamId: string;
  events: ServiceEvent[];
  actor: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const address = (country: string, region?: string) => ({
  line1: 'Hauptstr. 1',
  city: country === 'GB' ? 'London' : 'Berlin',
  postalCode: '10115',
  country,
  ...(region ? { region } : {}),
});

export const ev = <T extends EventType>(type: T, data: DataOf<T>): ServiceEvent => ({ type, data }) as ServiceEvent;

/**
 * Appends realistic events straight to the store, as the services would have (each validated by its
 * contract schema, recorded at the business time it describes), and keeps a log of them.
 */
export class HistoryWriter {
  readonly log: AppendedEvent[] = [];
  private now = new Date();
  private readonly store: EventStore;
  private steps: Step[] = [];

  constructor(dataSource: DataSource) {
    this.store = new EventStore(dataSource, () => this.now);
  }

  /** Queues events of one stream, recorded at `at`; `flush` appends everything in time order. */
  add(at: Date, streamId: string, actor: string, ...events: ServiceEvent[]): void {
    this.steps.push({ at, streamId, events, actor });
  }

  async flush(): Promise<void> {
    const steps = this.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.i - b.i);
    this.steps = [];
    for (const { s } of steps) await this.appendNow(s);
  }

  /** Appends one step at once (outside the queued history). */
  async append(at: Date, streamId: string, actor: string, ...events: ServiceEvent[]): Promise<AppendedEvent[]> {
    return this.appendNow({ at, streamId, events, actor });
  }

  private async appendNow(step: Step): Promise<AppendedEvent[]> {
    for (const e of step.events) {
      const parsed = ALL_EVENT_SCHEMAS[e.type].safeParse(e.data);
      if (!parsed.success) throw new Error(`${e.type} breaks its contract: ${parsed.error.message}`);
    }
    const correlationId = randomUUID();
    const causationId = randomUUID();
    this.now = step.at;
    const result = await this.store.append(
      step.streamId,
      step.events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { correlationId, causationId, actor: step.actor } })),
      { expectedVersion: 'any' },
    );
    const appended = step.events.map((e, i) => ({
      position: result.positions[i],
      streamId: step.streamId,
      type: e.type,
      data: e.data as unknown as Record<string, unknown>,
      recordedAt: step.at,
      correlationId,
      causationId,
    }));
    this.log.push(...appended);
    return appended;
  }

  ofType<T extends EventType>(type: T): (AppendedEvent & { data: DataOf<T> })[] {
    return this.log.filter((e) => e.type === type) as (AppendedEvent & { data: DataOf<T> })[];
  }

  forOrder(orderId: string): AppendedEvent[] {
    return this.log.filter((e) => e.data.orderId === orderId);
  }
}

export interface OrderSpec {
  channel: string;
  externalOrderId: string;
  orderNumber: string;
  currency: string;
  customerId: string;
  lines: PricedLine[];
  placedAt: Date;
  estimatedDeliveryDate: string;
  country?: string;
  /** As OrderConfirmed states it; absent, as on orders confirmed before payments existed. */
  paymentMode?: PaymentMode;
  /** The customer's personal fields as the order service stored them (sealed, say); absent: made up from the id. */
  customer?: { name: string; email: string };
}

export const orderIdOfSpec = (o: OrderSpec) => orderIdFor(o.channel, o.externalOrderId);
const refOf = (o: OrderSpec) => ({ orderId: orderIdOfSpec(o), channel: o.channel, externalOrderId: o.externalOrderId });
const iso = (d: Date) => d.toISOString();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Builders for the events of one order, across all four services. */
export class OrderScript {
  readonly orderId: string;
  readonly ref: { orderId: string; channel: string; externalOrderId: string };

  constructor(
    private readonly w: HistoryWriter,
    readonly spec: OrderSpec,
  ) {
    this.orderId = orderIdOfSpec(spec);
    this.ref = refOf(spec);
  }

  private get stream() {
    return StreamIds.order(this.orderId);
  }

  private get document() {
    const s = this.spec;
    return {
      ...this.ref,
      orderNumber: s.orderNumber,
      customer: { id: s.customerId, ...(s.customer ?? { name: `Customer ${s.customerId}`, email: `${s.customerId.toLowerCase()}@example.com` }) },
      shippingAddress: address(s.country ?? 'DE'),
      lines: s.lines,
      currency: s.currency,
      totalMinor: s.lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0),
      placedAt: iso(s.placedAt),
    };
  }

  placeAndConfirm(): this {
    this.w.add(
      this.spec.placedAt,
      this.stream,
      `channel:${this.spec.channel}`,
      ev('OrderPlaced', { ...this.document, status: 'PLACED' }),
      ev('OrderConfirmed', {
        ...this.document,
        confirmedAt: iso(this.spec.placedAt),
        estimatedDeliveryDate: this.spec.estimatedDeliveryDate,
        ...(this.spec.paymentMode ? { paymentMode: this.spec.paymentMode } : {}),
        status: 'CONFIRMED',
      }),
    );
    return this;
  }

  placeAndReject(reasons: string[]): this {
    this.w.add(
      this.spec.placedAt,
      this.stream,
      `channel:${this.spec.channel}`,
      ev('OrderPlaced', { ...this.document, status: 'PLACED' }),
      ev('OrderRejected', { ...this.ref, orderNumber: this.spec.orderNumber, reasons, rejectedAt: iso(this.spec.placedAt), status: 'REJECTED' }),
    );
    return this;
  }

  /** Inventory allocates (reserving stock, queueing what waits); the order service records it a minute later. */
  allocate(at: Date, shipments: ShipmentAllocation[], backordered: SkuQuantity[], promisedBy: string, first = true): this {
    const reservation = {
      reservationId: this.orderId,
      ...this.ref,
      purpose: 'ORDER' as const,
      shipTo: address(this.spec.country ?? 'DE'),
      promisedBy,
      shipments,
      backordered,
      allocatedAt: iso(at),
    };
    this.w.add(
      at,
      StreamIds.reservation(this.orderId),
      'service:inventory-service',
      first ? ev('StockAllocated', { ...reservation, orderNumber: this.spec.orderNumber }) : ev('BackorderAllocated', reservation),
    );
    for (const s of shipments) {
      for (const l of s.lines) {
        const data = { sku: l.sku, warehouseId: s.warehouseId, quantity: l.quantity, reservationId: this.orderId, orderId: this.orderId, shipmentId: s.shipmentId };
        if (first) this.w.add(at, StreamIds.stock(l.sku), 'service:inventory-service', ev('StockReserved', data));
        else this.w.add(at, StreamIds.stock(l.sku), 'service:inventory-service', ev('BackorderFilled', data), ev('StockReserved', data));
      }
    }
    if (first) {
      for (const b of backordered) {
        this.w.add(
          at,
          StreamIds.stock(b.sku),
          'service:inventory-service',
          ev('BackorderQueued', { sku: b.sku, quantity: b.quantity, reservationId: this.orderId, orderId: this.orderId, placedAt: iso(this.spec.placedAt) }),
        );
      }
    }
    const recorded = new Date(at.getTime() + 60_000);
    const status = backordered.length ? 'BACKORDERED' : 'ALLOCATED';
    const orderEvent =
      backordered.length === 0
        ? ev('OrderAllocated', { ...this.ref, shipments, allocatedAt: iso(recorded), status })
        : first
          ? ev('OrderBackordered', { ...this.ref, shipments, backordered, backorderedAt: iso(recorded), status })
          : ev('OrderBackorderPartlyFilled', { ...this.ref, shipments, backordered, filledAt: iso(recorded), status });
    this.w.add(recorded, this.stream, 'service:order-service', orderEvent);
    return this;
  }

  requestAndBook(at: Date, shipment: ShipmentAllocation, carrier: string, promisedBy: string, estimate: string): this {
    const ref = { shipmentId: shipment.shipmentId, ...this.ref, purpose: 'ORDER' as const };
    this.w.add(
      at,
      StreamIds.shipment(shipment.shipmentId),
      'service:shipping-service',
      ev('ShipmentRequested', {
        ...ref,
        reservationId: this.orderId,
        warehouseId: shipment.warehouseId,
        lines: shipment.lines,
        shipTo: address(this.spec.country ?? 'DE'),
        promisedBy,
        requestedAt: iso(at),
      }),
    );
    const booked = new Date(at.getTime() + 2 * HOUR);
    this.w.add(
      booked,
      StreamIds.shipment(shipment.shipmentId),
      `warehouse:${shipment.warehouseId}`,
      ev('ShipmentBooked', {
        ...ref,
        carrier,
        trackingNumber: tracking(shipment.shipmentId),
        serviceLevel: 'standard',
        weightGrams: 900,
        costMinor: 499,
        currency: this.spec.currency,
        estimatedDeliveryDate: estimate,
        promisedBy,
        rule: 'cheapest arriving by the promised date',
        bookedAt: iso(booked),
      }),
    );
    return this;
  }

  pickUp(at: Date, shipment: ShipmentAllocation, carrier: string, orderStatus: 'SHIPPED' | 'PARTIALLY_SHIPPED'): this {
    this.w.add(
      at,
      StreamIds.shipment(shipment.shipmentId),
      `carrier:${carrier}`,
      ev('ShipmentPickedUp', {
        shipmentId: shipment.shipmentId,
        ...this.ref,
        purpose: 'ORDER',
        carrier,
        trackingNumber: tracking(shipment.shipmentId),
        warehouseId: shipment.warehouseId,
        lines: shipment.lines,
        pickedUpAt: iso(at),
      }),
    );
    for (const l of shipment.lines) {
      this.w.add(
        at,
        StreamIds.stock(l.sku),
        'service:inventory-service',
        ev('StockShipped', {
          sku: l.sku,
          warehouseId: shipment.warehouseId,
          quantity: l.quantity,
          reservedQuantity: l.quantity,
          reservationId: this.orderId,
          orderId: this.orderId,
          shipmentId: shipment.shipmentId,
        }),
      );
    }
    const later = new Date(at.getTime() + 30_000);
    this.w.add(
      later,
      this.stream,
      'service:order-service',
      ev('OrderShipmentDispatched', {
        ...this.ref,
        shipmentId: shipment.shipmentId,
        carrier,
        trackingNumber: tracking(shipment.shipmentId),
        lines: shipment.lines,
        status: orderStatus,
        dispatchedAt: iso(later),
      }),
    );
    return this;
  }

  deliver(at: Date, shipment: ShipmentAllocation, carrier: string, promisedBy: string, orderStatus: 'SHIPPED' | 'DELIVERED' | 'PARTIALLY_SHIPPED'): this {
    this.w.add(
      at,
      StreamIds.shipment(shipment.shipmentId),
      `carrier:${carrier}`,
      ev('ShipmentDelivered', {
        shipmentId: shipment.shipmentId,
        ...this.ref,
        purpose: 'ORDER',
        carrier,
        trackingNumber: tracking(shipment.shipmentId),
        lines: shipment.lines,
        promisedBy,
        deliveredAt: iso(at),
      }),
    );
    const events = [ev('OrderShipmentDelivered', { ...this.ref, shipmentId: shipment.shipmentId, lines: shipment.lines, deliveredAt: iso(at), status: orderStatus })];
    if (orderStatus === 'DELIVERED') events.push(ev('OrderDelivered', { ...this.ref, deliveredAt: iso(at), status: 'DELIVERED' }));
    this.w.add(new Date(at.getTime() + 30_000), this.stream, 'service:order-service', ...events);
    return this;
  }

  delay(at: Date, shipmentId: string, promisedBy: string, newEstimate: string): this {
    this.w.add(
      at,
      StreamIds.shipment(shipmentId),
      'service:shipping-service',
      ev('ShipmentDelayed', { shipmentId, ...this.ref, purpose: 'ORDER', promisedBy, newEstimate, detectedAt: iso(at) }),
    );
    const later = new Date(at.getTime() + 1000);
    this.w.add(later, this.stream, 'service:order-service', ev('OrderShipmentDelayed', { ...this.ref, shipmentId, promisedBy, newEstimate, delayedAt: iso(later) }));
    return this;
  }

  cancel(at: Date, reason: string, held: ShipmentAllocation[]): this {
    this.w.add(at, this.stream, `channel:${this.spec.channel}`, ev('OrderCancelled', { ...this.ref, reason, cancelledAt: iso(at), status: 'CANCELLED' }));
    const released = new Date(at.getTime() + 30_000);
    this.w.add(
      released,
      StreamIds.reservation(this.orderId),
      'service:inventory-service',
      ev('ReservationReleased', {
        reservationId: this.orderId,
        ...this.ref,
        purpose: 'ORDER',
        releasedShipments: held.map((s) => s.shipmentId),
        withdrawnBackorders: [],
        reason: 'order cancelled',
        releasedAt: iso(released),
      }),
    );
    for (const s of held) {
      for (const l of s.lines) {
        this.w.add(
          released,
          StreamIds.stock(l.sku),
          'service:inventory-service',
          ev('StockReservationReleased', {
            sku: l.sku,
            warehouseId: s.warehouseId,
            quantity: l.quantity,
            reservationId: this.orderId,
            orderId: this.orderId,
            shipmentId: s.shipmentId,
            reason: 'order cancelled',
          }),
        );
      }
      this.w.add(
        new Date(released.getTime() + 30_000),
        StreamIds.shipment(s.shipmentId),
        'service:shipping-service',
        ev('ShipmentCancelled', { shipmentId: s.shipmentId, ...this.ref, purpose: 'ORDER', reason: 'reservation released', cancelledAt: iso(new Date(released.getTime() + 30_000)) }),
      );
    }
    return this;
  }
}

export const tracking = (shipmentId: string) => `TRK-${shipmentId}`;

export interface Scenario {
  base: Date;
  /** Named orders of the story. */
  o1: OrderScript;
  o2: OrderScript;
  o3: OrderScript;
  o4: OrderScript;
  o5: OrderScript;
  o6: OrderScript;
  o7: OrderScript;
  bulk: OrderScript[];
  at: (days: number, hours?: number, minutes?: number) => Date;
  day: (days: number) => string;
}

/**
 * A realistic stretch of trading, ten days long and ending before now: warehouses and stock; an
 * order delivered on time and partly returned for a refund; a backordered order in pounds whose
 * backorder is filled and whose shipment is delayed (with a complaint and goodwill); a cancelled
 * order; a rejected one; a delivery that failed once, an exchange; two orders still waiting for
 * stock; and a couple of dozen plain orders for pagination.
 */
export function writeRealisticHistory(w: HistoryWriter, now = new Date()): Scenario {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const base = new Date(startOfToday - 10 * DAY);
  const at = (days: number, hours = 0, minutes = 0) => new Date(base.getTime() + days * DAY + hours * HOUR + minutes * 60_000);
  const day = (days: number) => isoDay(at(days));
  const inv = 'service:inventory-service';

  // Warehouses and stock
  for (const [warehouseId, country, region] of [
    ['WH-BER', 'DE', 'BE'],
    ['WH-HAM', 'DE', 'HH'],
    ['WH-LON', 'GB', 'LND'],
  ] as const) {
    w.add(at(0, 1), StreamIds.warehouse(warehouseId), 'operator', ev('WarehouseRegistered', { warehouseId, name: `Warehouse ${warehouseId}`, country, region, registeredAt: iso(at(0, 1)) }));
  }
  const receive = (when: Date, sku: string, warehouseId: string, quantity: number) =>
    w.add(when, StreamIds.stock(sku), `warehouse:${warehouseId}`, ev('StockReceived', { sku, warehouseId, quantity }));
  receive(at(0, 2), 'MUG-RED', 'WH-BER', 10);
  receive(at(0, 2), 'TEA-GREEN', 'WH-HAM', 5);
  receive(at(0, 2), 'LAMP-BLUE', 'WH-LON', 3);
  receive(at(0, 2), 'PEN-BLACK', 'WH-BER', 20);
  w.add(at(0, 3), StreamIds.stock('PEN-BLACK'), 'warehouse:WH-BER', ev('StockAdjusted', { sku: 'PEN-BLACK', warehouseId: 'WH-BER', quantityDelta: -2, reason: 'cycle count' }));

  // O1: delivered on time in two shipments; part returned and refunded; a complaint left open; a return refused.
  const o1 = new OrderScript(w, {
    channel: 'webshop',
    externalOrderId: 'W-1001',
    orderNumber: 'OF-000001',
    currency: 'EUR',
    customerId: 'C-1',
    lines: [
      { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250 },
      { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
    ],
    placedAt: at(0, 9),
    estimatedDeliveryDate: day(3),
  });
  const o1s1 = { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] };
  const o1s2 = { shipmentId: 'OF-000001-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] };
  o1.placeAndConfirm()
    .allocate(at(0, 9, 1), [o1s1, o1s2], [], day(3))
    .requestAndBook(at(0, 9, 3), o1s1, 'ParcelNet', day(3), day(2))
    .requestAndBook(at(0, 9, 3), o1s2, 'ParcelNet', day(3), day(2))
    .pickUp(at(0, 20), o1s1, 'ParcelNet', 'PARTIALLY_SHIPPED')
    .pickUp(at(0, 22), o1s2, 'ParcelNet', 'SHIPPED')
    .deliver(at(2, 9), o1s1, 'ParcelNet', day(3), 'SHIPPED')
    .deliver(at(2, 15), o1s2, 'ParcelNet', day(3), 'DELIVERED');
  const o1Return = { rmaNumber: 'RMA-000001', ...o1.ref };
  w.add(
    at(4, 10),
    StreamIds.return('RMA-000001'),
    'channel:webshop',
    ev('ReturnAuthorized', {
      ...o1Return,
      lines: [{ sku: 'TEA-GREEN', quantity: 1, reason: 'arrived damaged', unitPriceMinor: 899 }],
      resolution: 'REFUND',
      currency: 'EUR',
      returnBy: day(34),
      authorizedAt: iso(at(4, 10)),
    }),
  );
  w.add(
    at(4, 12),
    StreamIds.return('RMA-000003'),
    'channel:webshop',
    ev('ReturnRejected', {
      rmaNumber: 'RMA-000003',
      ...o1.ref,
      lines: [{ sku: 'MUG-RED', quantity: 5, reason: 'changed mind' }],
      resolution: 'REFUND',
      reason: 'asks for 5 of MUG-RED but 2 were delivered',
      rejectedAt: iso(at(4, 12)),
    }),
  );
  w.add(
    at(6, 10),
    StreamIds.return('RMA-000001'),
    'warehouse:WH-HAM',
    ev('ReturnReceived', { ...o1Return, warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' }], receivedAt: iso(at(6, 10)) }),
    ev('RefundIssued', { ...o1.ref, rmaNumber: 'RMA-000001', amountMinor: 899, currency: 'EUR', reason: 'RETURN', issuedAt: iso(at(6, 10)) }),
  );
  w.add(at(6, 10), StreamIds.stock('TEA-GREEN'), inv, ev('StockRestocked', { sku: 'TEA-GREEN', warehouseId: 'WH-HAM', quantity: 1, rmaNumber: 'RMA-000001' }));
  const cmp2 = { complaintId: 'CMP-000002', ...o1.ref };
  w.add(
    at(3, 8),
    StreamIds.complaint('CMP-000002'),
    'channel:webshop',
    ev('ComplaintOpened', { ...cmp2, category: 'packaging', message: 'the box was crushed', source: 'CUSTOMER', openedAt: iso(at(3, 8)) }),
    ev('ComplaintAcknowledged', { ...cmp2, resolveBy: iso(at(5, 8)), acknowledgedAt: iso(at(3, 8)) }),
  );

  // O2 (GBP): backordered, filled next morning, one shipment delayed and late; a complaint resolved with goodwill.
  const o2 = new OrderScript(w, {
    channel: 'marketplace',
    externalOrderId: 'M-2002',
    orderNumber: 'OF-000002',
    currency: 'GBP',
    customerId: 'C-2',
    lines: [{ sku: 'LAMP-BLUE', quantity: 5, unitPriceMinor: 4000 }],
    placedAt: at(0, 11),
    estimatedDeliveryDate: day(3),
    country: 'GB',
  });
  const o2s1 = { shipmentId: 'OF-000002-1', warehouseId: 'WH-LON', lines: [{ sku: 'LAMP-BLUE', quantity: 3 }] };
  const o2s2 = { shipmentId: 'OF-000002-2', warehouseId: 'WH-LON', lines: [{ sku: 'LAMP-BLUE', quantity: 2 }] };
  o2.placeAndConfirm().allocate(at(0, 11, 1), [o2s1], [{ sku: 'LAMP-BLUE', quantity: 2 }], day(3)).requestAndBook(at(0, 11, 3), o2s1, 'RoyalPost', day(3), day(3));
  receive(at(1, 8), 'LAMP-BLUE', 'WH-LON', 4);
  o2.allocate(at(1, 8, 1), [o2s2], [], day(3), false)
    .requestAndBook(at(1, 8, 3), o2s2, 'RoyalPost', day(3), day(3))
    .pickUp(at(1, 14), o2s1, 'RoyalPost', 'PARTIALLY_SHIPPED')
    .pickUp(at(1, 15), o2s2, 'RoyalPost', 'SHIPPED')
    .deliver(at(3, 12), o2s2, 'RoyalPost', day(3), 'SHIPPED')
    .delay(at(4, 0, 5), o2s1.shipmentId, day(3), day(5))
    .deliver(at(5, 10), o2s1, 'RoyalPost', day(3), 'DELIVERED');
  const cmp1 = { complaintId: 'CMP-000001', ...o2.ref };
  w.add(
    at(4, 9),
    StreamIds.complaint('CMP-000001'),
    'channel:marketplace',
    ev('ComplaintOpened', { ...cmp1, category: 'late delivery', message: 'still waiting for three lamps', source: 'CUSTOMER', openedAt: iso(at(4, 9)) }),
    ev('ComplaintAcknowledged', { ...cmp1, resolveBy: iso(at(6, 9)), acknowledgedAt: iso(at(4, 9)) }),
  );
  w.add(
    at(5, 5),
    StreamIds.complaint('CMP-000001'),
    'operator',
    ev('ComplaintResolved', { ...cmp1, resolution: 'apologised, voucher sent', goodwillRefundMinor: 500, currency: 'GBP', resolvedAt: iso(at(5, 5)) }),
    ev('RefundIssued', { ...o2.ref, complaintId: 'CMP-000001', amountMinor: 500, currency: 'GBP', reason: 'GOODWILL', issuedAt: iso(at(5, 5)) }),
  );

  // O3: cancelled before pick-up.
  const o3 = new OrderScript(w, {
    channel: 'webshop',
    externalOrderId: 'W-1003',
    orderNumber: 'OF-000003',
    currency: 'EUR',
    customerId: 'C-3',
    lines: [{ sku: 'PEN-BLACK', quantity: 3, unitPriceMinor: 350 }],
    placedAt: at(1, 10),
    estimatedDeliveryDate: day(4),
  });
  const o3s1 = { shipmentId: 'OF-000003-1', warehouseId: 'WH-BER', lines: [{ sku: 'PEN-BLACK', quantity: 3 }] };
  o3.placeAndConfirm().allocate(at(1, 10, 1), [o3s1], [], day(4)).cancel(at(1, 12), 'customer asked', [o3s1]);

  // O4: rejected.
  const o4 = new OrderScript(w, {
    channel: 'app',
    externalOrderId: 'A-1004',
    orderNumber: 'OF-000004',
    currency: 'USD',
    customerId: 'C-4',
    lines: [{ sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1500 }],
    placedAt: at(1, 11),
    estimatedDeliveryDate: day(4),
  });
  o4.placeAndReject(['currency USD is not used by channel "app" (it uses EUR)']);

  // O5: a failed delivery (automatic complaint), delivered on the promised day, then exchanged.
  const o5 = new OrderScript(w, {
    channel: 'webshop',
    externalOrderId: 'W-1005',
    orderNumber: 'OF-000005',
    currency: 'EUR',
    customerId: 'C-1',
    lines: [
      { sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1250 },
      { sku: 'PEN-BLACK', quantity: 2, unitPriceMinor: 350 },
    ],
    placedAt: at(2, 9),
    estimatedDeliveryDate: day(5),
  });
  const o5s1 = {
    shipmentId: 'OF-000005-1',
    warehouseId: 'WH-BER',
    lines: [
      { sku: 'MUG-RED', quantity: 1 },
      { sku: 'PEN-BLACK', quantity: 2 },
    ],
  };
  o5.placeAndConfirm()
    .allocate(at(2, 9, 1), [o5s1], [], day(5))
    .requestAndBook(at(2, 9, 3), o5s1, 'ParcelNet', day(5), day(4))
    .pickUp(at(2, 16), o5s1, 'ParcelNet', 'SHIPPED');
  const o5ship = { shipmentId: 'OF-000005-1', ...o5.ref, purpose: 'ORDER' as const, carrier: 'ParcelNet', trackingNumber: tracking('OF-000005-1') };
  w.add(at(4, 11), StreamIds.shipment('OF-000005-1'), 'carrier:ParcelNet', ev('ShipmentDeliveryFailed', { ...o5ship, failedAt: iso(at(4, 11)) }));
  const cmp3 = { complaintId: 'CMP-000003', ...o5.ref };
  w.add(
    at(4, 11, 1),
    StreamIds.complaint('CMP-000003'),
    'service:after-sales-service',
    ev('ComplaintOpened', { ...cmp3, category: 'delivery failed', message: 'carrier could not deliver', source: 'CARRIER', shipmentId: 'OF-000005-1', openedAt: iso(at(4, 11, 1)) }),
    ev('ComplaintAcknowledged', { ...cmp3, resolveBy: iso(at(5, 11)), acknowledgedAt: iso(at(4, 11, 1)) }),
  );
  o5.deliver(at(5, 9), o5s1, 'ParcelNet', day(5), 'DELIVERED');
  w.add(at(5, 12), StreamIds.complaint('CMP-000003'), 'operator', ev('ComplaintResolved', { ...cmp3, resolution: 'delivered at the second attempt', resolvedAt: iso(at(5, 12)) }));
  const rma2 = { rmaNumber: 'RMA-000002', ...o5.ref };
  const replacement = { shipmentId: 'RMA-000002-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1 }] };
  w.add(
    at(6, 9),
    StreamIds.return('RMA-000002'),
    'channel:webshop',
    ev('ReturnAuthorized', {
      ...rma2,
      lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'wrong colour', unitPriceMinor: 1250 }],
      resolution: 'EXCHANGE',
      currency: 'EUR',
      returnBy: day(36),
      authorizedAt: iso(at(6, 9)),
    }),
  );
  w.add(
    at(7, 9),
    StreamIds.return('RMA-000002'),
    'warehouse:WH-BER',
    ev('ReturnReceived', { ...rma2, warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' }], receivedAt: iso(at(7, 9)) }),
    ev('ExchangeReplacementRequested', { ...rma2, lines: replacement.lines, shipTo: address('DE'), promisedBy: day(10), requestedAt: iso(at(7, 9)) }),
  );
  w.add(at(7, 9), StreamIds.stock('MUG-RED'), inv, ev('DamagedReturnRecorded', { sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000002' }));
  w.add(
    at(7, 9, 1),
    StreamIds.reservation('RMA-000002'),
    inv,
    ev('StockAllocated', {
      reservationId: 'RMA-000002',
      ...o5.ref,
      purpose: 'EXCHANGE',
      rmaNumber: 'RMA-000002',
      shipTo: address('DE'),
      promisedBy: day(10),
      shipments: [replacement],
      backordered: [],
      allocatedAt: iso(at(7, 9, 1)),
    }),
  );
  const exchangeHold = { sku: 'MUG-RED', warehouseId: 'WH-BER', quantity: 1, reservationId: 'RMA-000002', orderId: o5.orderId, shipmentId: 'RMA-000002-1' };
  w.add(at(7, 9, 1), StreamIds.stock('MUG-RED'), inv, ev('StockReserved', exchangeHold));
  const exchangeRef = { shipmentId: 'RMA-000002-1', ...o5.ref, purpose: 'EXCHANGE' as const, rmaNumber: 'RMA-000002' };
  w.add(
    at(7, 9, 2),
    StreamIds.shipment('RMA-000002-1'),
    'service:shipping-service',
    ev('ShipmentRequested', { ...exchangeRef, reservationId: 'RMA-000002', warehouseId: 'WH-BER', lines: replacement.lines, shipTo: address('DE'), promisedBy: day(10), requestedAt: iso(at(7, 9, 2)) }),
  );
  w.add(
    at(7, 15),
    StreamIds.shipment('RMA-000002-1'),
    'carrier:ParcelNet',
    ev('ShipmentPickedUp', { ...exchangeRef, carrier: 'ParcelNet', trackingNumber: 'TRK-X', warehouseId: 'WH-BER', lines: replacement.lines, pickedUpAt: iso(at(7, 15)) }),
  );
  w.add(at(7, 15), StreamIds.stock('MUG-RED'), inv, ev('StockShipped', { ...exchangeHold, reservedQuantity: 1 }));
  w.add(
    at(7, 15, 1),
    StreamIds.return('RMA-000002'),
    'service:after-sales-service',
    ev('ExchangeShipped', { ...rma2, shipmentId: 'RMA-000002-1', carrier: 'ParcelNet', trackingNumber: 'TRK-X', shippedAt: iso(at(7, 15, 1)) }),
  );

  // O7 and O6: still waiting for stock, one for over a week, one for about two days.
  const o7 = new OrderScript(w, {
    channel: 'app',
    externalOrderId: 'A-1007',
    orderNumber: 'OF-000007',
    currency: 'EUR',
    customerId: 'C-7',
    lines: [{ sku: 'LAMP-BLUE', quantity: 4, unitPriceMinor: 4000 }],
    placedAt: at(1, 9),
    estimatedDeliveryDate: day(4),
  });
  o7.placeAndConfirm().allocate(at(1, 9), [{ shipmentId: 'OF-000007-1', warehouseId: 'WH-LON', lines: [{ sku: 'LAMP-BLUE', quantity: 2 }] }], [{ sku: 'LAMP-BLUE', quantity: 2 }], day(4));
  const o6 = new OrderScript(w, {
    channel: 'marketplace',
    externalOrderId: 'M-1006',
    orderNumber: 'OF-000006',
    currency: 'EUR',
    customerId: 'C-6',
    lines: [{ sku: 'TEA-GREEN', quantity: 10, unitPriceMinor: 899 }],
    placedAt: at(8, 8),
    estimatedDeliveryDate: day(11),
  });
  o6.placeAndConfirm().allocate(at(8, 8), [{ shipmentId: 'OF-000006-1', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 5 }] }], [{ sku: 'TEA-GREEN', quantity: 5 }], day(11));

  // Plain confirmed orders for pagination; two share one placedAt (order id breaks the tie).
  const channels = ['webshop', 'app', 'marketplace'];
  const bulk: OrderScript[] = [];
  for (let k = 0; k < 24; k++) {
    const minutes = (k === 6 ? 5 : k) * 37;
    const o = new OrderScript(w, {
      channel: channels[k % 3],
      externalOrderId: `B-${2000 + k}`,
      orderNumber: `OF-${String(100 + k).padStart(6, '0')}`,
      currency: 'EUR',
      customerId: k % 5 === 0 ? 'C-1' : `C-${100 + k}`,
      lines: [{ sku: 'PEN-BLACK', quantity: (k % 3) + 1, unitPriceMinor: 350 }],
      placedAt: at(3, 0, minutes),
      estimatedDeliveryDate: day(6),
    });
    o.placeAndConfirm();
    bulk.push(o);
  }
  return { base, o1, o2, o3, o4, o5, o6, o7, bulk, at, day };
}
