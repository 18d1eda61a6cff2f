import { createHash } from 'node:crypto';
import { inboundKey, orderIdFor, ServiceEventMessage, Topics } from '@orderflow/contracts';
import { BusConsumer, BusProducer, MessageBus, OutgoingMessage } from '@orderflow/messaging';
import { OrderFactory, PlannedOrder } from './order-factory';
import { Random } from './random';
import { WebhookSink } from './webhook-sink';
import { COURIERS, customers, MADE_TO_ORDER_PRODUCTS, products, SimCourier, SimMadeToOrderProduct, SimProduct, WAREHOUSES } from './world';

export interface SimulationOptions {
  /** Orders per second. */
  rate: number;
  /** Seconds of order generation; 0 runs until stopped. */
  durationSeconds: number;
  seed: string;
  /** Distinguishes this run's orders from earlier runs' (external order ids start with it). */
  runId: string;
  /** After generation stops, how long to keep reacting until everything in flight settles. */
  drainSeconds: number;
  /** Register the warehouses and receive their initial stock first. */
  setup: boolean;
  /** Multiplies every simulated delay (1 = about a second between a parcel's scans). */
  pace: number;
  cancelRate: number;
  returnRate: number;
  complaintRate: number;
  /** Share of orders with a made-to-order line (docs/adr/0039), which the simulated factory makes (default none). */
  madeToOrderRate?: number;
  /**
   * Registers the made-to-order products with the order service (an admin's PUT /admin/products);
   * resolves false when it could not, and then no order carries one.
   */
  registerMadeToOrder?: (products: readonly SimMadeToOrderProduct[]) => Promise<boolean>;
  /** Play the webshop's webhook endpoint too, on this port, checking signatures with this secret (docs/adr/0035). */
  webhook?: { port: number; secret: string };
  topic: (contractTopic: string) => string;
  log: (line: string) => void;
  /** Resolves when the system has seen the seeded stock (e.g. by polling the query API). */
  waitForStock?: (skus: string[]) => Promise<void>;
}

interface SimShipment {
  shipmentId: string;
  orderId: string;
  purpose: 'ORDER' | 'EXCHANGE';
  warehouseId: string;
  lines: { sku: string; quantity: number }[];
  trackingNumber?: string;
  carrier?: string;
  pickedUp: boolean;
  delivered: boolean;
  packed: boolean;
  /** Booked with a local courier: driven by the courier it is assigned to, once one accepts. */
  localCourier?: boolean;
  acceptedBy?: string;
}

export interface SimOrder {
  plan: PlannedOrder;
  orderId: string;
  lines: { sku: string; quantity: number; unitPriceMinor: number }[];
  confirmed: boolean;
  rejected: boolean;
  backordered: boolean;
  cancellationSent: boolean;
  /** orderflow told the channel the order is cancelled (a declinable order whose authorisation failed, say). */
  cancelled: boolean;
  delivered: boolean;
  shipments: Map<string, SimShipment>;
  returnsRequested: number;
  returnsAuthorized: string[];
  parcelsSent: number;
  complaints: number;
  /** The factory failed a made-to-order line of it: orderflow cancels the order (docs/adr/0039). */
  productionFailed: boolean;
}

export interface SimulationReport {
  runId: string;
  seed: string;
  sent: Record<string, number>;
  orders: SimOrder[];
  malformed: PlannedOrder[];
}

/**
 * Plays every party outside orderflow against a running system: sales channels submitting orders
 * (some duplicated, cancelled, malformed, unacceptable or to be declined by the payment simulator),
 * warehouses registering, receiving stock, packing and receiving returns, carriers scanning parcels
 * (with failures and slow legs), and customers returning goods and complaining. It listens to
 * shipping.events (what warehouses and carriers are asked to do) and channel.notifications (what
 * customers are told), like the real parties would.
 */
export class Simulation {
  private readonly random: Random;
  private readonly catalog: SimProduct[];
  private readonly factory: OrderFactory;
  private readonly orders = new Map<string, SimOrder>();
  private readonly malformed: PlannedOrder[] = [];
  private readonly sent: Record<string, number> = {};
  private readonly timers = new Set<NodeJS.Timeout>();
  private producer?: BusProducer;
  private consumer?: BusConsumer;
  private outbox: OutgoingMessage[] = [];
  private flushing?: Promise<void>;
  private lastActivity = Date.now();
  private stopped = false;
  private restocking?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private webhookSink?: WebhookSink;
  /** Customers return goods and complain only while orders are being generated, not while draining. */
  private generating = true;
  /** Made-to-order lines are sent once their products are registered. */
  private madeToOrder = false;
  /** Production orders the factory took on, and those orderflow withdrew. */
  private readonly production = new Set<string>();
  private readonly withdrawn = new Set<string>();

  constructor(
    private readonly bus: MessageBus,
    private readonly options: SimulationOptions,
  ) {
    this.random = new Random(options.seed);
    this.catalog = products(this.random.fork('catalog'));
    this.factory = new OrderFactory(this.random.fork('orders'), options.runId, this.catalog, customers(this.random.fork('customers')), {
      products: MADE_TO_ORDER_PRODUCTS,
      rate: () => (this.madeToOrder ? (options.madeToOrderRate ?? 0) : 0),
    });
  }

  async run(signal?: AbortSignal): Promise<SimulationReport> {
    const { options } = this;
    this.producer = await this.bus.producer();
    await this.listen();
    if (options.webhook) {
      this.webhookSink = await WebhookSink.listen(options.webhook.port, options.webhook.secret, this.random.fork('webhooks'));
      options.log(`playing the webshop's webhook endpoint on http://127.0.0.1:${this.webhookSink.port}/`);
    }
    try {
      if (options.setup) await this.seedWarehouses();
      if ((options.madeToOrderRate ?? 0) > 0 && options.registerMadeToOrder) this.madeToOrder = await options.registerMadeToOrder(MADE_TO_ORDER_PRODUCTS);
      this.restocking = setInterval(() => this.restockScarceProducts(), 5000 * options.pace);
      await this.generateOrders(signal);
      clearInterval(this.restocking);
      await this.drain(signal);
    } finally {
      clearInterval(this.restocking);
      this.stopped = true;
      this.timers.forEach((t) => clearTimeout(t));
      await this.flush();
      await this.consumer?.disconnect();
      await this.producer.disconnect();
      await this.webhookSink?.close();
    }
    return { runId: options.runId, seed: options.seed, sent: this.sent, orders: [...this.orders.values()], malformed: this.malformed };
  }

  private async listen(): Promise<void> {
    this.consumer = await this.bus.consumer({ groupId: `orderflow-simulator-${this.options.runId}`, fromBeginning: false });
    const topics = [this.options.topic(Topics.shippingEvents), this.options.topic(Topics.channelNotifications), this.options.topic(Topics.productionRequests)];
    await this.consumer.run({
      topics,
      partitionsConcurrently: 4,
      onBatch: async (batch) => {
        for (const m of batch.messages) {
          try {
            const body = JSON.parse(m.value?.toString('utf8') ?? '{}');
            if (batch.topic === topics[0]) this.onShippingEvent(body as ServiceEventMessage<Record<string, unknown>>);
            else if (batch.topic === topics[2]) this.onProductionRequest(body as Record<string, unknown>);
            else this.onNotification(body as Record<string, unknown>);
          } catch {
            // not ours to judge
          }
          batch.markDone(m);
        }
      },
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const assigned = this.consumer.assignment();
      if (topics.every((t) => (assigned[t] ?? []).length > 0)) return;
      await sleep(100);
    }
    throw new Error('the simulator could not join its consumer group within 30 s');
  }

  private async seedWarehouses(): Promise<void> {
    const now = new Date().toISOString();
    const seed = this.random.fork('seed');
    for (const w of WAREHOUSES) {
      this.send(Topics.warehouseOperations, { type: 'WarehouseRegistered', version: 1, messageId: seed.uuid(), occurredAt: now, ...w });
    }
    for (const p of this.catalog) {
      for (const w of WAREHOUSES) {
        const quantity = p.scarce ? (w === WAREHOUSES[0] ? p.initialStock : 0) : seed.int(Math.floor(p.initialStock / 2), p.initialStock);
        if (quantity === 0) continue;
        this.send(Topics.warehouseOperations, {
          type: 'StockReceived',
          version: 1,
          messageId: seed.uuid(),
          occurredAt: now,
          warehouseId: w.warehouseId,
          sku: p.sku,
          quantity,
        });
      }
    }
    for (const c of COURIERS) this.courierAvailable(c, c.home, seed.uuid());
    await this.flush();
    this.options.log(`seeded ${WAREHOUSES.length} warehouses, ${this.catalog.length} products and ${COURIERS.length} couriers`);
    if (this.options.waitForStock) await this.options.waitForStock(this.catalog.map((p) => p.sku));
  }

  private restockScarceProducts(): void {
    const r = this.random.fork(`restock-${this.sent.StockReceived ?? 0}`);
    for (const p of this.catalog.filter((x) => x.scarce)) {
      this.send(Topics.warehouseOperations, {
        type: 'StockReceived',
        version: 1,
        messageId: r.uuid(),
        occurredAt: new Date().toISOString(),
        warehouseId: r.pick(WAREHOUSES).warehouseId,
        sku: p.sku,
        quantity: r.int(2, 6),
      });
    }
  }

  private async generateOrders(signal?: AbortSignal): Promise<void> {
    const { rate, durationSeconds } = this.options;
    const interval = 1000 / rate;
    const started = Date.now();
    let issued = 0;
    while (!signal?.aborted && (durationSeconds === 0 || Date.now() - started < durationSeconds * 1000)) {
      const due = started + issued * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      issued += 1;
      this.placeOrder();
      if (issued % Math.max(1, Math.round(rate * 10)) === 0) this.progress(started);
    }
    await this.flush();
  }

  private placeOrder(): void {
    for (const plan of this.factory.next(new Date(), this.options.cancelRate)) {
      if (plan.kind === 'malformed') {
        this.malformed.push(plan);
        const value = plan.raw ?? JSON.stringify(plan.message);
        this.outbox.push({
          topic: this.options.topic(Topics.channelOrders),
          key: `${plan.channel}:${plan.externalOrderId}`,
          value,
          headers: { 'x-simulation-run': this.options.runId },
        });
        this.count('malformed');
        continue;
      }
      if (plan.kind === 'duplicate') {
        this.later(this.random.int(100, 1000), () => this.send(Topics.channelOrders, plan.message!));
        continue;
      }
      const orderId = orderIdFor(plan.channel, plan.externalOrderId);
      this.orders.set(orderId, {
        plan,
        orderId,
        lines: plan.message!.lines as SimOrder['lines'],
        confirmed: false,
        rejected: false,
        backordered: false,
        cancellationSent: false,
        cancelled: false,
        delivered: false,
        shipments: new Map(),
        returnsRequested: 0,
        returnsAuthorized: [],
        parcelsSent: 0,
        complaints: 0,
        productionFailed: false,
      });
      this.send(Topics.channelOrders, plan.message!);
    }
  }

  private onShippingEvent(event: ServiceEventMessage<Record<string, unknown>>): void {
    const d = event.data;
    const order = this.orders.get(String(d.orderId));
    if (!order) return;
    this.lastActivity = Date.now();
    const shipmentId = String(d.shipmentId);
    const r = this.random.fork(`shipment-${order.plan.externalOrderId}-${String(d.warehouseId ?? '')}-${shipmentId.split('-').pop()}`);
    if (event.type === 'ShipmentRequested') {
      const shipment: SimShipment = {
        shipmentId,
        orderId: order.orderId,
        purpose: d.purpose as SimShipment['purpose'],
        warehouseId: String(d.warehouseId),
        lines: d.lines as SimShipment['lines'],
        pickedUp: false,
        delivered: false,
        packed: false,
      };
      order.shipments.set(shipmentId, shipment);
      // Orders the channel is about to cancel are never packed, so the cancellation always wins.
      if (shipment.purpose === 'ORDER' && order.plan.kind === 'cancelled') return;
      this.later(r.int(300, 1500), () => {
        shipment.packed = true;
        const weightGrams = shipment.lines.reduce(
          (g, l) => g + l.quantity * (this.catalog.find((p) => p.sku === l.sku)?.weightGrams ?? 500),
          250,
        );
        this.send(Topics.warehouseOperations, { type: 'ShipmentPacked', version: 1, messageId: r.uuid(), occurredAt: new Date().toISOString(), shipmentId, weightGrams }, shipment.warehouseId);
      });
    } else if (event.type === 'ShipmentBooked') {
      const shipment = order.shipments.get(shipmentId);
      if (!shipment || shipment.trackingNumber) return;
      shipment.trackingNumber = String(d.trackingNumber);
      shipment.carrier = String(d.carrier);
      if (d.kind === 'LOCAL_COURIER') shipment.localCourier = true;
      else this.driveParcel(shipment, r);
    } else if (event.type === 'CourierAssigned') {
      const shipment = order.shipments.get(shipmentId);
      const courier = COURIERS.find((c) => c.carrier === d.carrier && c.courierId === d.courierId);
      if (!shipment || !courier || shipment.acceptedBy) return;
      this.answerOffer(shipment, courier, this.random.fork(`offer-${shipmentId}-${String(d.attempt)}`));
    }
  }

  /**
   * The factory (docs/adr/0039): it starts each production order of this run within a few seconds
   * and completes it a few seconds later, or, one in twelve, reports it failed. A production order
   * withdrawn before it is done is not answered further.
   */
  private onProductionRequest(request: Record<string, unknown>): void {
    const productionOrderId = String(request.productionOrderId);
    const order = this.orders.get(String(request.orderId));
    if (!order) return;
    this.lastActivity = Date.now();
    if (request.type === 'ProductionCancelled') {
      this.withdrawn.add(productionOrderId);
      return;
    }
    if (request.type !== 'ProductionRequested' || this.production.has(productionOrderId)) return;
    this.production.add(productionOrderId);
    const r = this.random.fork(`factory-${productionOrderId}`);
    const answer = (type: string, fields: Record<string, unknown> = {}) =>
      this.send(Topics.productionEvents, { type, version: 1, messageId: r.uuid(), occurredAt: new Date().toISOString(), productionOrderId, ...fields });
    const startAfter = r.int(800, 2500);
    this.later(startAfter, () => {
      if (!this.withdrawn.has(productionOrderId)) answer('ProductionStarted');
    });
    const fails = r.chance(1 / 12);
    this.later(startAfter + r.int(2000, 6000), () => {
      if (this.withdrawn.has(productionOrderId)) return;
      if (fails) {
        order.productionFailed = true;
        answer('ProductionFailed', { reason: r.pick(['the kiln cracked the glaze', 'the engraving came out crooked', 'out of blanks in this colour']) });
      } else {
        answer('ProductionCompleted', { quantity: Number(request.quantity) });
      }
    });
  }

  /** Most couriers accept within a second; one in six does not answer, and the offer lapses to the next. */
  private answerOffer(shipment: SimShipment, courier: SimCourier, r: Random): void {
    if (r.weighted([['accept', 5], ['ignore', 1]] as const) === 'ignore') {
      // Out of signal for a while: orderflow takes it as gone until it says it is free again.
      this.later(r.int(8000, 15_000), () => this.courierAvailable(courier, courier.home, r.uuid()));
      return;
    }
    this.later(r.int(200, 1000), () => {
      shipment.acceptedBy = courier.courierId;
      this.send(Topics.carrierTracking, {
        type: 'CourierAccepted',
        version: 1,
        messageId: r.uuid(),
        occurredAt: new Date().toISOString(),
        carrier: courier.carrier,
        courierId: courier.courierId,
        shipmentId: shipment.shipmentId,
      });
      const at = this.scan(
        shipment,
        [
          { status: 'PICKED_UP', after: r.int(500, 1500), location: shipment.warehouseId },
          { status: 'OUT_FOR_DELIVERY', after: r.int(500, 1500), location: `bike ${courier.courierId}` },
          { status: 'DELIVERED', after: r.int(800, 2000), location: 'front door' },
        ],
        r,
      );
      // Back near where its shift started, free for the next shipment.
      const back = { lat: courier.home.lat + r.int(-20, 20) / 1000, lon: courier.home.lon + r.int(-20, 20) / 1000 };
      this.later(at + r.int(300, 900), () => this.courierAvailable(courier, back, r.uuid()));
    });
  }

  private courierAvailable(courier: SimCourier, location: { lat: number; lon: number }, messageId: string): void {
    this.send(Topics.carrierTracking, {
      type: 'CourierAvailable',
      version: 1,
      messageId,
      occurredAt: new Date().toISOString(),
      carrier: courier.carrier,
      courierId: courier.courierId,
      location,
    });
  }

  /** A carrier's scans: mostly smooth, sometimes a slow leg, a failed attempt or a return to sender. */
  private driveParcel(shipment: SimShipment, r: Random): void {
    const fate = r.weighted([['delivered', 90], ['failed-then-delivered', 6], ['returned', 2], ['slow', 2]] as const);
    const steps: { status: string; after: number }[] = [
      { status: 'PICKED_UP', after: r.int(300, 1200) },
      { status: 'IN_TRANSIT', after: r.int(500, 1500) },
    ];
    if (fate === 'returned') steps.push({ status: 'RETURNED_TO_SENDER', after: r.int(800, 2000) });
    else {
      if (fate === 'slow') steps.push({ status: 'IN_TRANSIT', after: r.int(4000, 8000) });
      steps.push({ status: 'OUT_FOR_DELIVERY', after: r.int(500, 1500) });
      if (fate === 'failed-then-delivered') {
        steps.push({ status: 'DELIVERY_FAILED', after: r.int(500, 1500) });
        steps.push({ status: 'OUT_FOR_DELIVERY', after: r.int(1000, 2500) });
      }
      steps.push({ status: 'DELIVERED', after: r.int(500, 1500) });
    }
    this.scan(shipment, steps.map((s) => ({ ...s, location: r.pick(['hub Leipzig', 'hub Paris-Nord', 'depot Manchester', 'van 17', 'parcel centre']) })), r);
  }

  /** Sends the scans one after another, each `after` ms after the previous; returns when the last is sent, in ms from now. */
  private scan(shipment: SimShipment, steps: readonly { status: string; after: number; location: string }[], r: Random): number {
    let at = 0;
    for (const step of steps) {
      at += step.after;
      const messageId = r.uuid();
      this.later(at, () => {
        if (step.status === 'PICKED_UP') shipment.pickedUp = true;
        if (step.status === 'DELIVERED') shipment.delivered = true;
        this.send(Topics.carrierTracking, {
          type: 'TrackingUpdated',
          version: 1,
          messageId,
          occurredAt: new Date().toISOString(),
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          status: step.status,
          location: step.location,
        });
      });
    }
    return at;
  }

  private onNotification(n: Record<string, unknown>): void {
    const order = this.orders.get(String(n.orderId));
    if (!order) return;
    this.lastActivity = Date.now();
    const r = this.random.fork(`customer-${order.plan.externalOrderId}-${String(n.type)}-${order.returnsRequested}`);
    switch (n.type) {
      case 'OrderConfirmed':
        order.confirmed = true;
        if (order.plan.kind === 'cancelled' && !order.cancellationSent) {
          order.cancellationSent = true;
          this.later(r.int(200, 800), () =>
            this.send(Topics.channelOrders, {
              type: 'OrderCancellationRequested',
              version: 1,
              messageId: r.uuid(),
              occurredAt: new Date().toISOString(),
              channel: order.plan.channel,
              externalOrderId: order.plan.externalOrderId,
              reason: r.pick(['ordered by mistake', 'found it cheaper', 'delivery too slow']),
            }),
          );
        } else if (this.generating && order.plan.kind !== 'declinable' && r.chance(this.options.complaintRate)) {
          order.complaints += 1;
          this.later(r.int(500, 3000), () =>
            this.send(Topics.channelOrders, {
              type: 'ComplaintSubmitted',
              version: 1,
              messageId: r.uuid(),
              occurredAt: new Date().toISOString(),
              channel: order.plan.channel,
              externalOrderId: order.plan.externalOrderId,
              category: r.pick(['PACKAGING', 'SERVICE', 'BILLING']),
              message: r.pick(['The box was crushed.', 'Nobody answered the phone.', 'I was charged twice.']),
            }),
          );
        }
        break;
      case 'OrderRejected':
        order.rejected = true;
        break;
      case 'OrderBackordered':
        order.backordered = true;
        break;
      case 'OrderCancelled':
        order.cancelled = true;
        break;
      case 'OrderDelivered':
        order.delivered = true;
        if (this.generating && r.chance(this.options.returnRate)) this.requestReturn(order, r);
        break;
      case 'ReturnAuthorized':
        order.returnsAuthorized.push(String(n.rmaNumber));
        this.later(r.int(500, 2000), () => {
          order.parcelsSent += 1;
          const warehouseId = [...order.shipments.values()][0]?.warehouseId ?? WAREHOUSES[0].warehouseId;
          this.send(Topics.warehouseOperations, {
            type: 'ReturnParcelReceived',
            version: 1,
            messageId: r.uuid(),
            occurredAt: new Date().toISOString(),
            rmaNumber: n.rmaNumber,
            warehouseId,
            lines: (n.lines as { sku: string; quantity: number }[]).map((l) => ({
              ...l,
              condition: r.chance(0.8) ? 'RESELLABLE' : 'DAMAGED',
            })),
          });
        });
        break;
      default:
        break;
    }
  }

  private requestReturn(order: SimOrder, r: Random): void {
    const lines = r.sample(order.lines, r.int(1, Math.min(2, order.lines.length))).map((l) => ({
      sku: l.sku,
      quantity: r.int(1, l.quantity),
      reason: r.pick(['does not fit', 'arrived damaged', 'changed my mind', 'wrong colour']),
    }));
    order.returnsRequested += 1;
    this.later(r.int(300, 1500), () =>
      this.send(Topics.channelOrders, {
        type: 'ReturnRequested',
        version: 1,
        messageId: r.uuid(),
        occurredAt: new Date().toISOString(),
        channel: order.plan.channel,
        externalOrderId: order.plan.externalOrderId,
        lines,
        resolution: r.chance(0.7) ? 'REFUND' : 'EXCHANGE',
      }),
    );
  }

  private async drain(signal?: AbortSignal): Promise<void> {
    this.generating = false;
    const deadline = Date.now() + this.options.drainSeconds * 1000;
    while (!signal?.aborted && Date.now() < deadline) {
      await this.flush();
      // Quiet for 10 s: a busy machine can leave the system silent for seconds between two steps.
      if (this.timers.size === 0 && Date.now() - this.lastActivity > 10_000) break;
      await sleep(250);
    }
    await this.flush();
    this.options.log(`drained: ${this.timers.size} scheduled action(s) left`);
  }

  private progress(started: number): void {
    const orders = this.orders.size;
    const delivered = [...this.orders.values()].filter((o) => o.delivered).length;
    this.options.log(
      `${((Date.now() - started) / 1000).toFixed(0)} s: ${orders} orders (${delivered} delivered), ${this.malformed.length} malformed, ${this.sent.TrackingUpdated ?? 0} scans${this.webhookProgress()}`,
    );
  }

  private webhookProgress(): string {
    const t = this.webhookSink?.tally;
    return t ? `, webhooks ${t.accepted} accepted (${t.refused} refused on purpose and retried, ${t.duplicates} duplicates, ${t.badSignatures} bad signatures)` : '';
  }

  private later(ms: number, action: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, ms * this.options.pace);
    this.timers.add(timer);
  }

  private send(contractTopic: string, message: Record<string, unknown>, key?: string): void {
    this.outbox.push({
      topic: this.options.topic(contractTopic),
      key: key ?? inboundKey(contractTopic, message),
      value: JSON.stringify(message),
      headers: { 'x-simulation-run': this.options.runId },
    });
    this.count(String(message.type));
    if (this.outbox.length >= 200) void this.flush();
    else this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, 20);
  }

  /** Sends what is queued, in order: one batch at a time. */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.outbox.length === 0 || !this.producer) return;
    const batch = this.outbox;
    this.outbox = [];
    this.flushing = this.producer
      .send(batch)
      .catch((err: Error) => this.options.log(`send failed (${batch.length} messages): ${err.message}`))
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private count(type: string): void {
    this.sent[type] = (this.sent[type] ?? 0) + 1;
  }
}

/** A short, stable run id from the seed and the moment, e.g. `S42-lx3k9a`. */
export function makeRunId(seed: string, now = Date.now()): string {
  const tag = createHash('sha1').update(seed).digest('hex').slice(0, 4);
  return `SIM${tag}-${now.toString(36)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
