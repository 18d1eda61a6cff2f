import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';
import { ChildHandle, spawnTs, TEST_KAFKA_BROKERS, waitFor } from '@orderflow/testing';
import { Line, orderChangeRequested, orderSubmitted, shipmentPacked, stockReceived, trackingUpdated, warehouseRegistered } from './support/messages';
import { TestSystem, TopicTap } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Order changes before they ship (docs/adr/0034), through Kafka and every service: the test plays
 * the channels, warehouses and carriers, the simulated provider authorises what a change adds.
 */
describe('order changes before they ship (all services, the simulated provider, the query API)', () => {
  let system: TestSystem;
  let provider: ChildHandle;
  let notifications: TopicTap;
  let queryUrl: string;

  const price = { MUG: 1250, PLATE: 2400, TEA: 899 };
  const line = (sku: keyof typeof price, quantity: number): Line => ({ sku, quantity, unitPriceMinor: price[sku] });
  const hamburg = { line1: 'Jungfernstieg 7', city: 'Hamburg', region: 'HH', postalCode: '20354', country: 'DE' };

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service'], {
      serviceEnv: {
        'order-service': {
          ORDER_CHANNELS: JSON.stringify({
            webshop: { currencies: ['EUR'], paymentMode: 'prepaid' },
            app: { currencies: ['EUR'], paymentMode: 'authorize-capture', authorizationTimeoutMinutes: 30 },
          }),
        },
      },
    });
    queryUrl = system.services.get('query-service')!.url;
    notifications = await system.tap(Topics.channelNotifications);
    provider = spawnTs('apps/cli/src/main.ts', { KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','), TOPIC_NAMESPACE: system.namespace, KAFKA_LOG_LEVEL: 'ERROR' }, [
      'payments',
      'simulate',
    ]);
    await system.produce(Topics.warehouseOperations, [
      warehouseRegistered('WH-BER', 'DE', 'BE'),
      stockReceived('WH-BER', 'MUG', 50),
      stockReceived('WH-BER', 'PLATE', 50),
      stockReceived('WH-BER', 'TEA', 50),
    ]);
    await waitFor(
      'every SKU known to the order service',
      async () => {
        const rows = (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM order_known_skus`)) as { n: number }[];
        return rows[0].n === Object.keys(price).length;
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await provider?.kill();
    await system?.stop();
  });

  const api = async (path: string) => {
    const res = await fetch(`${queryUrl}${path}`, { headers: await system.auth('auditor') });
    const body = (await res.json()) as D;
    expect([res.status, body]).toEqual([200, expect.anything()]);
    return body;
  };
  const orderEvent = (orderId: string, type: string, where: (d: D) => boolean = () => true) =>
    system.waitForEvent<D>(StreamIds.order(orderId), type, where);
  const requestedShipments = (orderId: string, count: number) =>
    waitFor(
      `${count} shipment(s) requested for ${orderId}`,
      async () => {
        const requested = (await system.orderEvents(orderId)).filter((e) => e.type === 'ShipmentRequested') as StoredEvent<string, D>[];
        return requested.length >= count ? requested.map((e) => e.data) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 150 },
    );
  const pickUp = async (shipment: D) => {
    await system.produce(Topics.warehouseOperations, [{ key: shipment.warehouseId, value: JSON.stringify(shipmentPacked(shipment.shipmentId)) }]);
    const booked = await system.waitForEvent<D>(StreamIds.shipment(shipment.shipmentId), 'ShipmentBooked');
    await system.produce(Topics.carrierTracking, [trackingUpdated(booked.data.carrier, booked.data.trackingNumber, 'PICKED_UP')]);
    return booked.data;
  };

  it('changes the address and a quantity before pick-up: stock re-reserved, the shipment planned again, the total and payment follow', async () => {
    const orderId = orderIdFor('webshop', 'CHG-ADDR-1');
    await system.produce(Topics.channelOrders, [orderSubmitted('CHG-ADDR-1', [line('MUG', 2), line('TEA', 1)])]);
    const [first] = await requestedShipments(orderId, 1);
    expect(first.shipTo).toMatchObject({ country: 'DE' });

    await system.produce(Topics.channelOrders, [
      orderChangeRequested('CHG-ADDR-1', 'change-1', { shippingAddress: hamburg, lines: [{ sku: 'MUG', quantity: 3 }, { sku: 'TEA', quantity: 0 }] }),
    ]);
    const changed = await orderEvent(orderId, 'OrderChanged');
    const total = 3 * price.MUG;
    expect(changed.data).toMatchObject({
      changeId: 'change-1',
      lines: [{ sku: 'MUG', quantity: 3, unitPriceMinor: price.MUG }],
      totalMinor: total,
      previousTotalMinor: 2 * price.MUG + price.TEA,
      changed: { shippingAddress: true, skus: ['MUG', 'TEA'] },
    });
    // A prepaid channel's checkout took the difference.
    const extra = await orderEvent(orderId, 'OrderPaymentCaptured', (d) => d.amountMinor === total - (2 * price.MUG + price.TEA));
    expect(extra.data).toMatchObject({ source: 'CHANNEL' });

    // The old shipment is cancelled and its stock freed; a new one goes to Hamburg with the new lines.
    await system.waitForEvent<D>(StreamIds.shipment(first.shipmentId), 'ShipmentCancelled');
    const shipments = await requestedShipments(orderId, 2);
    const replanned = shipments.find((s) => s.shipmentId !== first.shipmentId)!;
    expect(replanned.lines).toEqual([{ sku: 'MUG', quantity: 3 }]);
    const allocated = await orderEvent(orderId, 'OrderAllocated', (d) => d.changeId === 'change-1');
    expect(allocated.data).toMatchObject({ replacedShipments: [first.shipmentId], shipments: [expect.objectContaining({ shipmentId: replanned.shipmentId })] });
    const stock = async (sku: string) => {
      const [row] = (await system.db.dataSource.query(
        `SELECT count(*) FILTER (WHERE event_type = 'StockReserved')::int AS reserved, count(*) FILTER (WHERE event_type = 'StockReservationReleased')::int AS released
           FROM events WHERE stream_id = $1 AND data->>'orderId' = $2`,
        [StreamIds.stock(sku), orderId],
      )) as { reserved: number; released: number }[];
      return row;
    };
    await waitFor('the old reservations released', async () => (await stock('TEA')).released === 1 && (await stock('MUG')).released === 1);
    expect(await stock('MUG')).toEqual({ reserved: 2, released: 1 });

    const told = await notifications.waitFor<D>('the channel told of the change', (n) => n.orderId === orderId && n.type === 'OrderChanged');
    expect(told).toMatchObject({ changeId: 'change-1', totalMinor: total });

    // The same change again is decided once.
    await system.produce(Topics.channelOrders, [orderChangeRequested('CHG-ADDR-1', 'change-1', { lines: [{ sku: 'MUG', quantity: 3 }] })]);

    const parcel = await pickUp(replanned);
    await system.produce(Topics.carrierTracking, [trackingUpdated(parcel.carrier, parcel.trackingNumber, 'DELIVERED')]);
    await orderEvent(orderId, 'OrderDelivered');
    const doc = await waitFor('the order document delivered', async () => {
      const d = await api(`/orders/${orderId}`);
      return d.status === 'DELIVERED' ? d : undefined;
    });
    expect(doc).toMatchObject({ totalMinor: total, shippingAddress: expect.objectContaining({ country: 'DE', region: 'HH' }), lines: [expect.objectContaining({ sku: 'MUG', quantity: 3, delivered: 3 })] });
    expect((await system.orderEvents(orderId)).filter((e) => e.type === 'OrderChanged')).toHaveLength(1);
  });

  it('refuses a quantity change after pick-up, naming the shipment that left', async () => {
    const orderId = orderIdFor('webshop', 'CHG-LATE-1');
    await system.produce(Topics.channelOrders, [orderSubmitted('CHG-LATE-1', [line('PLATE', 2)])]);
    const [shipment] = await requestedShipments(orderId, 1);
    await pickUp(shipment);
    await orderEvent(orderId, 'OrderShipmentDispatched');

    await system.produce(Topics.channelOrders, [orderChangeRequested('CHG-LATE-1', 'late-1', { lines: [{ sku: 'PLATE', quantity: 1 }] })]);
    const rejected = await orderEvent(orderId, 'OrderChangeRejected');
    expect(rejected.data).toMatchObject({ changeId: 'late-1', shipmentId: shipment.shipmentId });
    expect(rejected.data.reason).toContain(`shipment ${shipment.shipmentId} has already been picked up`);
    const told = await notifications.waitFor<D>('the channel told of the refusal', (n) => n.orderId === orderId && n.type === 'OrderChangeRejected');
    expect(told).toMatchObject({ changeId: 'late-1', shipmentId: shipment.shipmentId, reason: rejected.data.reason });
    const history = (await system.orderEvents(orderId)).map((e) => e.type);
    expect(history).not.toContain('OrderChanged');
    expect(history).not.toContain('ReservationReplanned');
  });

  it("authorises what a change adds to an authorize-capture order before planning it, and captures the new total across both payments", async () => {
    const orderId = orderIdFor('app', 'CHG-AUTH-1');
    await system.produce(Topics.channelOrders, [orderSubmitted('CHG-AUTH-1', [line('MUG', 1)], { channel: 'app' })]);
    await orderEvent(orderId, 'OrderPaymentAuthorized');
    await requestedShipments(orderId, 1);

    await system.produce(Topics.channelOrders, [orderChangeRequested('CHG-AUTH-1', 'more-1', { lines: [{ sku: 'PLATE', quantity: 1, unitPriceMinor: price.PLATE }] }, 'app')]);
    const awaiting = await orderEvent(orderId, 'OrderChangeAwaitingPayment');
    const authorized = await orderEvent(orderId, 'OrderPaymentAuthorized', (d) => d.paymentId === awaiting.data.paymentId);
    expect(authorized.data.amountMinor).toBe(price.PLATE);
    const changed = await orderEvent(orderId, 'OrderChanged');
    expect(changed.data.totalMinor).toBe(price.MUG + price.PLATE);

    const allocated = await orderEvent(orderId, 'OrderAllocated', (d) => d.changeId === 'more-1');
    const shipments = (await requestedShipments(orderId, 2)).filter((s) => allocated.data.shipments.some((a: D) => a.shipmentId === s.shipmentId));
    for (const s of shipments) await pickUp(s);
    const captures = await waitFor('the captures recorded', async () => {
      const found = (await system.orderEvents(orderId)).filter((e) => e.type === 'OrderPaymentCaptured') as StoredEvent<string, D>[];
      const sum = found.reduce((s, e) => s + (e.data.amountMinor as number), 0);
      return sum >= price.MUG + price.PLATE ? found : undefined;
    });
    expect(captures.reduce((s, e) => s + (e.data.amountMinor as number), 0)).toBe(price.MUG + price.PLATE);
  });
});
