import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  allTopicSpecs,
  dlqTopicOf,
  InventoryEvent,
  orderIdFor,
  OrderEventData,
  productionKey,
  ProductionRequest,
  StreamIds,
  topicName,
  Topics,
} from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { BusAdmin, BusProducer, IncomingMessage, MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { startServiceConsumer } from '@orderflow/platform';
import { createTestDatabase, createTestTopics, TEST_KAFKA_BROKERS, TEST_SYSTEM_KEYS, testBus, TestDatabase, uniqueSuffix, waitFor } from '@orderflow/testing';
import { BERLIN } from '../../test/inventory-kit';
import { ProductionSlipDetector } from '../detect-production-slips/production-slip-detector';
import { inventoryMigrations } from '../infrastructure/migrations';
import { InventoryServiceModule } from '../inventory-service.module';
import { SERVICE } from '../service';

/**
 * The production slice of the inventory service (docs/adr/0039) as it runs: its Nest app with its
 * Kafka consumer and relay, on a database and topic namespace of its own. Orders arrive as the order
 * service's relay publishes them; ProductionRequested is read from production.requests; the
 * factory's answers are produced to production.events, some of them twice.
 */
describe('production orders (real Kafka and PostgreSQL)', () => {
  const namespace = `prod${uniqueSuffix()}`;
  const topic = (t: string) => topicName(t, namespace);
  let db: TestDatabase;
  let bus: MessageBus;
  let producer: BusProducer;
  let admin: BusAdmin;
  let app: INestApplication;
  let store: EventStore;
  const saved = { ...process.env };
  let orders = 0;
  let position = 1_000_000;

  beforeAll(async () => {
    db = await createTestDatabase(inventoryMigrations);
    store = new EventStore(db.dataSource);
    bus = testBus(namespace);
    await createTestTopics(bus, allTopicSpecs(namespace));
    Object.assign(process.env, {
      ...TEST_SYSTEM_KEYS,
      DATABASE_URL: db.urlFor(SERVICE.name),
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      TOPIC_NAMESPACE: namespace,
      KAFKA_LOG_LEVEL: 'NOTHING',
    });
    app = await NestFactory.create(InventoryServiceModule, { logger: ['error'] });
    await startServiceConsumer(app, SERVICE, { log: () => undefined, warn: () => undefined, error: () => undefined });
    await app.listen(0, '127.0.0.1');
    producer = await bus.producer();
    admin = await bus.admin();
    await send(Topics.warehouseOperations, 'WH-BER', { ...envelope('WarehouseRegistered'), warehouseId: 'WH-BER', name: 'Berlin', country: 'DE', region: 'BE' });
    await send(Topics.warehouseOperations, 'WH-MUC', { ...envelope('WarehouseRegistered'), warehouseId: 'WH-MUC', name: 'Munich', country: 'DE', region: 'BY' });
    await send(Topics.warehouseOperations, 'WH-BER', { ...envelope('StockReceived'), warehouseId: 'WH-BER', sku: 'TEA-GREEN', quantity: 50 });
    await waitFor('the tea stocked in Berlin', async () => (await stockEvents('TEA-GREEN')).length === 1);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await app?.close();
    await db?.drop();
    process.env = saved;
  });

  const envelope = (type: string, messageId: string = randomUUID()) => ({ type, version: 1, messageId, occurredAt: new Date().toISOString() });
  const send = (t: string, key: string, value: object) => producer.send([{ topic: topic(t), key, value: JSON.stringify(value) }]);
  const events = async (streamId: string) => (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as InventoryEvent);
  const stockEvents = (sku: string) => events(StreamIds.stock(sku));
  const requests = async (productionOrderId: string): Promise<ProductionRequest[]> =>
    (await readTopicToEnd(bus, topic(Topics.productionRequests)))
      .filter((m: IncomingMessage) => m.key?.toString() === productionOrderId)
      .map((m) => JSON.parse(m.value!.toString()) as ProductionRequest);

  /** An order confirmed by the order service with a made-to-order mug and, unless left out, a stocked tea: as its relay publishes it. */
  async function confirmOrder(options: { withTea?: boolean; cancellationAfterStart?: 'refuse' | 'charge' } = {}) {
    orders += 1;
    const externalOrderId = `MTO-${orders}-${uniqueSuffix()}`;
    const orderId = orderIdFor('webshop', externalOrderId);
    const orderNumber = `OF-${String(orders).padStart(6, '0')}`;
    const mug = {
      sku: 'MUG-CUSTOM',
      quantity: 2,
      unitPriceMinor: 2490,
      options: { colour: 'blue', engraving: 'For Ada' },
      madeToOrder: { productionLeadTimeDays: 5, cancellationAfterStart: options.cancellationAfterStart ?? 'charge', dueDate: '2026-03-07' },
    };
    const lines = options.withTea === false ? [mug] : [mug, { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899 }];
    const confirmed: OrderEventData<'OrderConfirmed'> = {
      orderId,
      orderNumber,
      channel: 'webshop',
      externalOrderId,
      customer: { id: 'C-1', name: 'Ada Lovelace', email: 'ada@example.com' },
      shippingAddress: BERLIN,
      lines,
      currency: 'EUR',
      totalMinor: lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
      placedAt: '2026-03-02T09:00:00.000Z',
      confirmedAt: '2026-03-02T09:00:01.000Z',
      estimatedDeliveryDate: '2026-03-09',
      paymentMode: 'prepaid',
      status: 'CONFIRMED',
    };
    await publishOrderEvent(orderId, 'OrderConfirmed', confirmed);
    const productionOrderId = `${orderNumber}-P1`;
    const [request] = await waitFor('the production request on production.requests', async () => {
      const found = await requests(productionOrderId);
      return found.length > 0 && found;
    });
    return { orderId, externalOrderId, orderNumber, productionOrderId, request };
  }

  async function publishOrderEvent(orderId: string, type: string, data: object) {
    position += 1;
    await send(Topics.orderEvents, StreamIds.order(orderId), {
      type,
      version: 1,
      messageId: randomUUID(),
      occurredAt: new Date().toISOString(),
      streamId: StreamIds.order(orderId),
      streamVersion: position,
      globalPosition: position,
      data,
    });
  }

  const factory = (type: 'ProductionStarted' | 'ProductionCompleted' | 'ProductionFailed', productionOrderId: string, extra: object = {}, messageId?: string) =>
    send(Topics.productionEvents, productionKey({ productionOrderId }), { ...envelope(type, messageId), productionOrderId, ...extra });

  const productionTypes = async (productionOrderId: string) => (await events(StreamIds.production(productionOrderId))).map((e) => e.type);
  const reservationTypes = async (orderId: string) => (await events(StreamIds.reservation(orderId))).map((e) => e.type);

  it('sends a made-to-order line to the factory with its options and due date, holding the whole order', async () => {
    const order = await confirmOrder();
    expect(order.request).toEqual({
      type: 'ProductionRequested',
      version: 1,
      messageId: expect.any(String),
      occurredAt: expect.any(String),
      productionOrderId: order.productionOrderId,
      orderId: order.orderId,
      channel: 'webshop',
      externalOrderId: order.externalOrderId,
      sku: 'MUG-CUSTOM',
      quantity: 2,
      options: { colour: 'blue', engraving: 'For Ada' },
      dueDate: '2026-03-07',
      // The tea is in Berlin, and so is the customer: the mug is delivered where the order ships from.
      warehouseId: 'WH-BER',
    });
    expect(await reservationTypes(order.orderId)).toEqual(['ReservationHeldForProduction']);
    // Nothing of the order is reserved while the mug is being made.
    expect((await stockEvents('TEA-GREEN')).filter((e) => e.type === 'StockReserved' && e.data.orderId === order.orderId)).toEqual([]);
  });

  it('takes each answer of the factory once, however often it comes, and allocates the whole order with the units made', async () => {
    const order = await confirmOrder();
    const started = randomUUID();
    await factory('ProductionStarted', order.productionOrderId, {}, started);
    await factory('ProductionStarted', order.productionOrderId, {}, started); // Kafka redelivers
    await factory('ProductionStarted', order.productionOrderId); // the factory reports it again
    const completed = randomUUID();
    await factory('ProductionCompleted', order.productionOrderId, { quantity: 2 }, completed);
    await factory('ProductionCompleted', order.productionOrderId, { quantity: 2 }, completed);
    await factory('ProductionCompleted', order.productionOrderId, { quantity: 2 });
    await waitFor('the order allocated', async () => (await reservationTypes(order.orderId)).includes('StockAllocated'));
    // The last answer was applied: the partition kept its order, so nothing of the repeats is pending.
    await waitFor('every answer consumed', async () => (await admin.groupLag(topicName(SERVICE.name, namespace), topic(Topics.productionEvents))) === 0);

    expect(await productionTypes(order.productionOrderId)).toEqual(['ProductionOrdered', 'ProductionStarted', 'ProductionCompleted']);
    expect(await reservationTypes(order.orderId)).toEqual(['ReservationHeldForProduction', 'ReservationProductionCompleted', 'StockAllocated']);
    const mugs = await stockEvents('MUG-CUSTOM');
    const mine = mugs.filter((e) => (e.data as { orderId?: string; productionOrderId?: string }).orderId === order.orderId || (e.data as { productionOrderId?: string }).productionOrderId === order.productionOrderId);
    expect(mine.map((e) => e.type)).toEqual(['StockReceived', 'StockReserved']);
    expect(mine[0].data).toEqual({ sku: 'MUG-CUSTOM', warehouseId: 'WH-BER', quantity: 2, productionOrderId: order.productionOrderId });
    const [allocated] = (await events(StreamIds.reservation(order.orderId))).filter((e) => e.type === 'StockAllocated');
    expect(allocated.data).toMatchObject({
      orderNumber: order.orderNumber,
      shipments: [
        {
          shipmentId: `${order.orderNumber}-1`,
          warehouseId: 'WH-BER',
          lines: [
            { sku: 'MUG-CUSTOM', quantity: 2 },
            { sku: 'TEA-GREEN', quantity: 3 },
          ],
        },
      ],
      backordered: [],
    });
    // The allocation reaches order.events' readers on inventory.events, as every allocation does.
    const published = await readTopicToEnd(bus, topic(Topics.inventoryEvents));
    expect(published.filter((m) => m.key?.toString() === StreamIds.reservation(order.orderId)).map((m) => JSON.parse(m.value!.toString()).type)).toEqual(
      expect.arrayContaining(['ReservationHeldForProduction', 'StockAllocated']),
    );
    // One request per production order, however often the factory answered.
    expect(await requests(order.productionOrderId)).toHaveLength(1);
  });

  it('records a failure once, allocates nothing, and refuses a completion after it to the dead letters', async () => {
    const order = await confirmOrder();
    const failed = randomUUID();
    await factory('ProductionStarted', order.productionOrderId);
    await factory('ProductionFailed', order.productionOrderId, { reason: 'the kiln cracked the glaze' }, failed);
    await factory('ProductionFailed', order.productionOrderId, { reason: 'the kiln cracked the glaze' }, failed);
    await factory('ProductionCompleted', order.productionOrderId, { quantity: 2 });
    const dead = await waitFor('the late completion dead-lettered', async () =>
      (await readTopicToEnd(bus, topic(dlqTopicOf(Topics.productionEvents)))).find((m) => m.key?.toString() === order.productionOrderId),
    );
    expect(dead.headers['dlq-reason']).toMatch(new RegExp(`production order ${order.productionOrderId} was reported failed`));
    expect(await productionTypes(order.productionOrderId)).toEqual(['ProductionOrdered', 'ProductionStarted', 'ProductionFailed']);
    const [failure] = (await events(StreamIds.production(order.productionOrderId))).filter((e) => e.type === 'ProductionFailed');
    expect(failure.data).toMatchObject({ productionOrderId: order.productionOrderId, orderId: order.orderId, sku: 'MUG-CUSTOM', reason: 'the kiln cracked the glaze' });
    expect(await reservationTypes(order.orderId)).toEqual(['ReservationHeldForProduction']);
    expect((await stockEvents('MUG-CUSTOM')).some((e) => (e.data as { productionOrderId?: string }).productionOrderId === order.productionOrderId)).toBe(false);
  });

  it('refuses a short run to the dead letters, naming what was ordered and what was made', async () => {
    const order = await confirmOrder();
    await factory('ProductionCompleted', order.productionOrderId, { quantity: 1 });
    const dead = await waitFor('the short run dead-lettered', async () =>
      (await readTopicToEnd(bus, topic(dlqTopicOf(Topics.productionEvents)))).find((m) => m.key?.toString() === order.productionOrderId),
    );
    expect(dead.headers['dlq-reason']).toMatch(/is for 2 of MUG-CUSTOM, the factory reports 1 made/);
    expect(await productionTypes(order.productionOrderId)).toEqual(['ProductionOrdered']);
  });

  it('cancelled before production starts: the production order is withdrawn from the factory and nothing is held', async () => {
    const order = await confirmOrder();
    await publishOrderEvent(order.orderId, 'OrderCancelled', {
      orderId: order.orderId,
      channel: 'webshop',
      externalOrderId: order.externalOrderId,
      reason: 'ordered by mistake',
      cancelledAt: new Date().toISOString(),
      status: 'CANCELLED',
    });
    const sent = await waitFor('the cancellation sent to the factory', async () => {
      const found = await requests(order.productionOrderId);
      return found.length === 2 && found;
    });
    expect(sent[1]).toMatchObject({ type: 'ProductionCancelled', productionOrderId: order.productionOrderId, orderId: order.orderId, sku: 'MUG-CUSTOM', reason: 'ordered by mistake' });
    expect(await productionTypes(order.productionOrderId)).toEqual(['ProductionOrdered', 'ProductionOrderCancelled']);
    const [cancelled] = (await events(StreamIds.production(order.productionOrderId))).filter((e) => e.type === 'ProductionOrderCancelled');
    expect(cancelled.data).toMatchObject({ afterStart: false });
    expect(await reservationTypes(order.orderId)).toEqual(['ReservationHeldForProduction', 'ReservationReleased']);
  });

  it('cancelled after production started (the product charges for it): the factory is told, and what it makes anyway stays unreserved stock', async () => {
    const order = await confirmOrder({ withTea: false });
    await factory('ProductionStarted', order.productionOrderId);
    await waitFor('production started', async () => (await productionTypes(order.productionOrderId)).includes('ProductionStarted'));
    await publishOrderEvent(order.orderId, 'OrderCancelled', {
      orderId: order.orderId,
      channel: 'webshop',
      externalOrderId: order.externalOrderId,
      reason: 'changed my mind',
      charges: [{ sku: 'MUG-CUSTOM', productionOrderId: order.productionOrderId, amountMinor: 4980 }],
      cancelledAt: new Date().toISOString(),
      status: 'CANCELLED',
    });
    await waitFor('the production order cancelled', async () => (await productionTypes(order.productionOrderId)).includes('ProductionOrderCancelled'));
    const [cancelled] = (await events(StreamIds.production(order.productionOrderId))).filter((e) => e.type === 'ProductionOrderCancelled');
    expect(cancelled.data).toMatchObject({ afterStart: true, reason: 'changed my mind' });
    expect((await requests(order.productionOrderId)).map((r) => r.type)).toEqual(['ProductionRequested', 'ProductionCancelled']);

    await factory('ProductionCompleted', order.productionOrderId, { quantity: 2 });
    await waitFor('the units received', async () => (await productionTypes(order.productionOrderId)).includes('ProductionCompleted'));
    const mine = (await stockEvents('MUG-CUSTOM')).filter((e) => (e.data as { productionOrderId?: string; orderId?: string }).productionOrderId === order.productionOrderId || (e.data as { orderId?: string }).orderId === order.orderId);
    expect(mine.map((e) => e.type)).toEqual(['StockReceived']);
    expect(await reservationTypes(order.orderId)).toEqual(['ReservationHeldForProduction', 'ReservationReleased']);
  });

  it('records a production order past its due date unmade as slipped, once; one made in time never', async () => {
    const late = await confirmOrder();
    const made = await confirmOrder();
    await factory('ProductionCompleted', made.productionOrderId, { quantity: 2 });
    await waitFor('the second one made', async () => (await productionTypes(made.productionOrderId)).includes('ProductionCompleted'));
    // The due dates (2026-03-07) lie before today: the periodic check finds the one not made.
    const detector = app.get(ProductionSlipDetector);
    expect(await detector.detectSlips()).toBeGreaterThanOrEqual(1);
    await detector.detectSlips();
    expect(await productionTypes(late.productionOrderId)).toEqual(['ProductionOrdered', 'ProductionSlipped']);
    expect(await productionTypes(made.productionOrderId)).toEqual(['ProductionOrdered', 'ProductionCompleted']);
    const [slipped] = (await events(StreamIds.production(late.productionOrderId))).filter((e) => e.type === 'ProductionSlipped');
    expect(slipped.data).toMatchObject({ productionOrderId: late.productionOrderId, orderId: late.orderId, sku: 'MUG-CUSTOM', dueDate: '2026-03-07' });
  });
});
