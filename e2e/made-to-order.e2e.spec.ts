import { randomUUID } from 'node:crypto';
import { orderIdFor, productionKey, StreamIds, Topics } from '@orderflow/contracts';
import { addDays, isoDateOf } from '@orderflow/decider';
import { waitFor } from '@orderflow/testing';
import { cancellationRequested, Line, orderSubmitted, shipmentPacked, stockReceived, trackingUpdated, warehouseRegistered } from './support/messages';
import { TestSystem, TopicTap } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENGRAVED_MUG = {
  name: 'Engraved mug',
  weightGrams: 400,
  prices: [],
  madeToOrder: {
    productionLeadTimeDays: 5,
    options: { colour: { values: ['red', 'blue'], required: true }, engraving: { maxLength: 30 } },
    cancellationAfterStart: 'charge',
  },
};
const PAINTED_PLATE = { name: 'Painted plate', weightGrams: 600, prices: [], madeToOrder: { productionLeadTimeDays: 9, cancellationAfterStart: 'refuse' } };

/**
 * A made-to-order line (docs/adr/0039) with the order, inventory, shipping and query services as
 * processes. The test plays the channel, the warehouse, the carrier and the factory: it reads the
 * production order from production.requests and answers on production.events, as a factory would.
 */
describe('made-to-order lines (services as processes, Kafka, the query API)', () => {
  let system: TestSystem;
  let requests: TopicTap;
  let notifications: TopicTap;

  const query = async (path: string) => {
    const res = await fetch(`${system.services.get('query-service')!.url}${path}`, { headers: await system.auth('operator') });
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as D;
  };
  const orderDocument = (orderId: string, until: (doc: D) => boolean, what: string) =>
    waitFor(
      `order ${orderId}: ${what}`,
      async () => {
        const res = await fetch(`${system.services.get('query-service')!.url}/orders/${orderId}`, { headers: await system.auth('operator') });
        const doc = res.status === 200 ? ((await res.json()) as D) : undefined;
        return doc && until(doc) ? doc : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 150 },
    );
  const notified = (orderId: string, type: string) =>
    notifications.waitFor<D>(`${type} notification for ${orderId}`, (n) => n.orderId === orderId && n.type === type);
  const productionRequest = (orderId: string, type = 'ProductionRequested') =>
    requests.waitFor<D>(`${type} for ${orderId} on production.requests`, (r) => r.orderId === orderId && r.type === type);
  const factory = (type: string, productionOrderId: string, extra: Record<string, unknown> = {}) =>
    system.produce(Topics.productionEvents, [
      { key: productionKey({ productionOrderId }), value: JSON.stringify({ type, version: 1, messageId: randomUUID(), occurredAt: new Date().toISOString(), productionOrderId, ...extra }) },
    ]);
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${system.services.get('order-service')!.url}${path}`, {
      method: 'PUT',
      headers: { ...(await system.auth('admin')), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([path, res.status]).toEqual([path, 200]);
  };
  const submit = async (externalOrderId: string, lines: (Line & { options?: Record<string, string> })[]) => {
    await system.produce(Topics.channelOrders, [orderSubmitted(externalOrderId, lines as Line[])]);
    return orderIdFor('webshop', externalOrderId);
  };

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'query-service']);
    requests = await system.tap(Topics.productionRequests);
    notifications = await system.tap(Topics.channelNotifications);
    await system.produce(Topics.warehouseOperations, [warehouseRegistered('WH-BER', 'DE', 'BE'), stockReceived('WH-BER', 'TEA', 20)]);
    await admin('/admin/products/MUG-CUSTOM', ENGRAVED_MUG);
    await admin('/admin/products/PLATE-CUSTOM', PAINTED_PLATE);
    await waitFor('TEA known to the order service', async () => ((await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'TEA'`)) as unknown[]).length > 0);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('makes a custom mug at the factory, then allocates, ships and delivers it with the rest of the order', async () => {
    const today = isoDateOf(new Date());
    const orderId = await submit('MTO-1', [
      { sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2490, options: { colour: 'blue', engraving: 'For Ada, with love' } },
      { sku: 'TEA', quantity: 2, unitPriceMinor: 899 },
    ]);

    // The promise: today + 2 days to Germany + 5 days of production.
    const confirmation = await notified(orderId, 'OrderConfirmed');
    expect(confirmation.estimatedDeliveryDate).toBe(addDays(today, 7));

    const request = await productionRequest(orderId);
    expect(request).toEqual({
      type: 'ProductionRequested',
      version: 1,
      messageId: expect.any(String),
      occurredAt: expect.any(String),
      productionOrderId: expect.stringMatching(/^OF-\d{6}-P1$/),
      orderId,
      channel: 'webshop',
      externalOrderId: 'MTO-1',
      sku: 'MUG-CUSTOM',
      quantity: 1,
      options: { colour: 'blue', engraving: 'For Ada, with love' },
      dueDate: addDays(today, 5),
      warehouseId: 'WH-BER',
    });
    const { productionOrderId } = request;
    const raw = requests.records.find((r) => JSON.parse(r.value!.toString()).messageId === request.messageId)!;
    expect(raw.key?.toString()).toBe(productionOrderId);

    const requested = await orderDocument(orderId, (d) => d.lines[0]?.production?.status === 'REQUESTED', 'production requested');
    expect(requested.status).toBe('CONFIRMED');
    expect(requested.lines).toEqual([
      expect.objectContaining({
        sku: 'MUG-CUSTOM',
        options: { colour: 'blue', engraving: 'For Ada, with love' },
        madeToOrder: { productionLeadTimeDays: 5, cancellationAfterStart: 'charge', dueDate: addDays(today, 5) },
        production: expect.objectContaining({ productionOrderId, status: 'REQUESTED', warehouseId: 'WH-BER', dueDate: addDays(today, 5) }),
        allocated: 0,
      }),
      expect.objectContaining({ sku: 'TEA', options: null, madeToOrder: null, production: null, allocated: 0 }),
    ]);
    const waiting = await query('/production-orders');
    expect(waiting.items).toEqual([expect.objectContaining({ productionOrderId, orderId, sku: 'MUG-CUSTOM', quantity: 1, status: 'REQUESTED', overdue: false })]);

    await factory('ProductionStarted', productionOrderId);
    expect(await notified(orderId, 'ProductionStarted')).toMatchObject({ productionOrderId, sku: 'MUG-CUSTOM' });
    await orderDocument(orderId, (d) => d.lines[0].production.status === 'STARTED', 'production started');

    await factory('ProductionCompleted', productionOrderId, { quantity: 1 });
    expect(await notified(orderId, 'ProductionCompleted')).toMatchObject({ productionOrderId, sku: 'MUG-CUSTOM', quantity: 1 });

    // The whole order is allocated once the mug is made: one shipment from where the mug arrived.
    const shipmentRequested = await system.waitForOrderEvent<{ shipmentId: string; warehouseId: string; lines: { sku: string; quantity: number }[] }>(orderId, 'ShipmentRequested');
    expect(shipmentRequested.data).toMatchObject({ warehouseId: 'WH-BER', lines: [{ sku: 'MUG-CUSTOM', quantity: 1 }, { sku: 'TEA', quantity: 2 }] });
    const { shipmentId } = shipmentRequested.data;
    await system.produce(Topics.warehouseOperations, [{ key: 'WH-BER', value: JSON.stringify(shipmentPacked(shipmentId)) }]);
    const booked = await system.waitForEvent<{ carrier: string; trackingNumber: string }>(StreamIds.shipment(shipmentId), 'ShipmentBooked');
    await system.produce(Topics.carrierTracking, ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'].map((s) => trackingUpdated(booked.data.carrier, booked.data.trackingNumber, s)));
    await notified(orderId, 'OrderDelivered');

    const delivered = await orderDocument(orderId, (d) => d.status === 'DELIVERED', 'DELIVERED');
    expect(delivered.lines).toEqual([
      expect.objectContaining({
        sku: 'MUG-CUSTOM',
        options: { colour: 'blue', engraving: 'For Ada, with love' },
        madeToOrder: expect.objectContaining({ cancellationAfterStart: 'charge' }),
        production: expect.objectContaining({ productionOrderId, status: 'COMPLETED', slipped: false }),
        delivered: 1,
      }),
      expect.objectContaining({ sku: 'TEA', delivered: 2 }),
    ]);
    // The units made were received for this order and shipped with it.
    const mugs = (await system.streamEvents(StreamIds.stock('MUG-CUSTOM'))).map((e) => [e.type, (e.data as D).quantity]);
    expect(mugs).toEqual([
      ['StockReceived', 1],
      ['StockReserved', 1],
      ['StockShipped', 1],
    ]);
    expect((await query('/production-orders?status=COMPLETED')).items.map((i: D) => i.productionOrderId)).toContain(productionOrderId);
    expect((await query('/production-orders')).items.map((i: D) => i.productionOrderId)).not.toContain(productionOrderId);
  });

  it('refuses an order whose options do not fit the product, naming the line and the option', async () => {
    const orderId = await submit('MTO-BAD', [
      { sku: 'TEA', quantity: 1, unitPriceMinor: 899 },
      { sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2490, options: { colour: 'purple', glaze: 'matt' } },
    ]);
    const rejected = await notified(orderId, 'OrderRejected');
    expect(rejected.reasons).toEqual([
      'line 2 (SKU MUG-CUSTOM): option "colour" is "purple", expected one of red, blue',
      'line 2 (SKU MUG-CUSTOM): option "glaze" is not offered (it offers colour, engraving)',
    ]);
  });

  it('refuses a cancellation once production of a product that refuses it has started, and tells the channel why', async () => {
    const orderId = await submit('MTO-PLATE', [{ sku: 'PLATE-CUSTOM', quantity: 1, unitPriceMinor: 3900 }]);
    const { productionOrderId } = await productionRequest(orderId);
    await factory('ProductionStarted', productionOrderId);
    await notified(orderId, 'ProductionStarted');
    await system.produce(Topics.channelOrders, [cancellationRequested('MTO-PLATE')]);
    const refused = await notified(orderId, 'CancellationRejected');
    expect(refused.reason).toBe(`production of SKU PLATE-CUSTOM (production order ${productionOrderId}) has started, and a made-to-order product cannot be cancelled after that`);
  });
});
