import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { exportEvents, StoredEvent, streamCategory } from '@orderflow/event-store';
import { waitFor } from '@orderflow/testing';
import {
  cancellationRequested,
  Line,
  orderSubmitted,
  returnParcelReceived,
  returnRequested,
  shipmentPacked,
  stockReceived,
  trackingUpdated,
  warehouseRegistered,
} from './support/messages';
import { TestSystem, TopicTap } from './support/system';

/**
 * The whole lifecycle across the four services, each its own process, over the real broker and
 * database. The test plays the outside parties: channels, warehouses and carriers.
 */
describe('order lifecycle (order, inventory, shipping and after-sales services as processes)', () => {
  let system: TestSystem;
  let notifications: TopicTap;

  const price = {
    MUG: 1250,
    TEA: 899,
    PLATE: 2400,
    CLOCK: 4500,
    VASE: 3100,
    BOWL: 1500,
    SPOON: 300,
    RACE: 999,
    JUG: 1800,
    LAMP: 5200,
    KETTLE: 3900,
    PAN: 2900,
  };
  const line = (sku: keyof typeof price, quantity: number): Line => ({ sku, quantity, unitPriceMinor: price[sku] });

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service']);
    notifications = await system.tap(Topics.channelNotifications);
    await system.produce(Topics.warehouseOperations, [
      warehouseRegistered('WH-BER', 'DE', 'BE'),
      warehouseRegistered('WH-HAM', 'DE', 'HH'),
      warehouseRegistered('WH-LYO', 'FR', 'ARA'),
      stockReceived('WH-BER', 'MUG', 10),
      stockReceived('WH-HAM', 'MUG', 5),
      stockReceived('WH-HAM', 'TEA', 10),
      stockReceived('WH-LYO', 'PLATE', 5),
      stockReceived('WH-BER', 'CLOCK', 1),
      stockReceived('WH-BER', 'VASE', 3),
      stockReceived('WH-BER', 'BOWL', 5),
      stockReceived('WH-BER', 'SPOON', 100),
      stockReceived('WH-HAM', 'RACE', 5),
      stockReceived('WH-BER', 'JUG', 5),
      stockReceived('WH-BER', 'LAMP', 2),
      stockReceived('WH-BER', 'KETTLE', 1),
      stockReceived('WH-BER', 'PAN', 3),
    ]);
    // Orders are validated against the SKUs the order service has seen stocked.
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
    await system?.stop();
  });

  const submit = async (externalOrderId: string, lines: Line[], overrides: Record<string, unknown> = {}) => {
    await system.produce(Topics.channelOrders, [orderSubmitted(externalOrderId, lines, overrides)]);
    return orderIdFor(String(overrides.channel ?? 'webshop'), externalOrderId);
  };

  /** The order's status as its own stream last stated it. */
  const statusOf = async (orderId: string) => {
    const events = await system.streamEvents(StreamIds.order(orderId));
    return [...events].reverse().map((e) => (e.data as { status?: string }).status).find(Boolean);
  };
  const waitForStatus = (orderId: string, status: string) =>
    waitFor(`order ${orderId} ${status}`, async () => ((await statusOf(orderId)) === status ? status : undefined), {
      timeoutMs: 60_000,
      intervalMs: 150,
    });

  const notified = (orderId: string, type: string, where: (n: Record<string, unknown>) => boolean = () => true) =>
    notifications.waitFor<Record<string, unknown>>(`${type} notification for ${orderId}`, (n) => n.orderId === orderId && n.type === type && where(n));

  const shipmentsOf = async (orderId: string, count: number, purpose = 'ORDER') =>
    waitFor(
      `${count} shipment(s) requested for ${orderId}`,
      async () => {
        const requested = (await system.orderEvents(orderId)).filter(
          (e) => e.type === 'ShipmentRequested' && e.data.purpose === purpose,
        ) as StoredEvent<string, { shipmentId: string; warehouseId: string; lines: { sku: string; quantity: number }[] }>[];
        return requested.length >= count ? requested.map((e) => e.data) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 150 },
    );

  /** The warehouse packs; shipping books a carrier; returns carrier and tracking number. */
  const pack = async (shipment: { shipmentId: string; warehouseId: string }) => {
    await system.produce(Topics.warehouseOperations, [{ key: shipment.warehouseId, value: JSON.stringify(shipmentPacked(shipment.shipmentId)) }]);
    const booked = await system.waitForEvent<{ carrier: string; trackingNumber: string }>(StreamIds.shipment(shipment.shipmentId), 'ShipmentBooked');
    expect(booked.data).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.any(String) });
    return booked.data;
  };
  const scan = (parcel: { carrier: string; trackingNumber: string }, ...statuses: string[]) =>
    system.produce(
      Topics.carrierTracking,
      statuses.map((s) => trackingUpdated(parcel.carrier, parcel.trackingNumber, s)),
    );

  it('carries an order from submission to delivery, and a return to its refund', async () => {
    const orderId = await submit('HAPPY-1', [line('MUG', 2)]);
    const confirmation = await notified(orderId, 'OrderConfirmed');
    expect(confirmation).toMatchObject({ orderNumber: expect.stringMatching(/^OF-\d{6}$/), totalMinor: 2500, currency: 'EUR', estimatedDeliveryDate: expect.any(String) });
    await waitForStatus(orderId, 'ALLOCATED');

    const [shipment] = await shipmentsOf(orderId, 1);
    expect(shipment).toMatchObject({ warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 2 }] }); // the in-region warehouse
    const parcel = await pack(shipment);
    await scan(parcel, 'PICKED_UP');
    await waitForStatus(orderId, 'SHIPPED');
    expect(await notified(orderId, 'OrderShipped')).toMatchObject({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber });
    await system.waitForOrderEvent(orderId, 'StockShipped', (d: { sku: string; quantity: number }) => d.sku === 'MUG' && d.quantity === 2);

    await scan(parcel, 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERY_FAILED');
    const autoCase = await system.waitForOrderEvent<{ source: string; category: string }>(orderId, 'ComplaintOpened');
    expect(autoCase.data).toMatchObject({ source: 'CARRIER', category: 'DELIVERY_FAILED' });
    await notified(orderId, 'ComplaintAcknowledged');
    await scan(parcel, 'OUT_FOR_DELIVERY', 'DELIVERED');
    await waitForStatus(orderId, 'DELIVERED');
    await notified(orderId, 'OrderDelivered');

    // After-sales must have recorded the delivery before it can authorise a return of it.
    const delivered = await system.waitForOrderEvent(orderId, 'ShipmentDelivered');
    await waitFor('after-sales saw the delivery', () => system.applied('after-sales-service', delivered.eventId));
    await system.produce(Topics.channelOrders, [returnRequested('HAPPY-1', [{ sku: 'MUG', quantity: 1, reason: 'too small' }], 'REFUND')]);
    const authorized = await notified(orderId, 'ReturnAuthorized');
    const rmaNumber = String(authorized.rmaNumber);
    expect(rmaNumber).toMatch(/^RMA-\d{6}$/);
    await system.produce(Topics.warehouseOperations, [returnParcelReceived(rmaNumber, 'WH-BER', [{ sku: 'MUG', quantity: 1, condition: 'RESELLABLE' }])]);
    const refund = await notified(orderId, 'RefundIssued');
    expect(refund).toMatchObject({ amountMinor: 1250, currency: 'EUR', rmaNumber });
    await system.waitForEvent(StreamIds.stock('MUG'), 'StockRestocked', (d: { rmaNumber: string }) => d.rmaNumber === rmaNumber);
  });

  it('splits an order across warehouses and is SHIPPED only when every shipment has left', async () => {
    const orderId = await submit('SPLIT-1', [line('PLATE', 1), line('TEA', 2)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const shipments = await shipmentsOf(orderId, 2);
    expect(shipments.map((s) => s.warehouseId).sort()).toEqual(['WH-HAM', 'WH-LYO']);
    const [first, second] = shipments;
    const firstParcel = await pack(first);
    await scan(firstParcel, 'PICKED_UP');
    await waitForStatus(orderId, 'PARTIALLY_SHIPPED');
    const secondParcel = await pack(second);
    await scan(secondParcel, 'PICKED_UP');
    await waitForStatus(orderId, 'SHIPPED');
    await scan(firstParcel, 'DELIVERED');
    await system.waitForOrderEvent(orderId, 'OrderShipmentDelivered', (d: { shipmentId: string }) => d.shipmentId === first.shipmentId);
    expect(await statusOf(orderId)).toBe('SHIPPED');
    await scan(secondParcel, 'DELIVERED');
    await waitForStatus(orderId, 'DELIVERED');
  });

  it('backorders what no warehouse has and allocates it, oldest order first, when stock arrives', async () => {
    const older = await submit('BACK-1', [line('CLOCK', 2)]); // one in stock, one waits
    await waitForStatus(older, 'BACKORDERED');
    const newer = await submit('BACK-2', [line('CLOCK', 1)]);
    await waitForStatus(newer, 'BACKORDERED');
    expect(await notified(older, 'OrderBackordered')).toMatchObject({ backordered: [{ sku: 'CLOCK', quantity: 1 }] });

    await system.produce(Topics.warehouseOperations, [stockReceived('WH-HAM', 'CLOCK', 1)]);
    await waitForStatus(older, 'ALLOCATED');
    expect(await statusOf(newer)).toBe('BACKORDERED');
    const olderShipments = await shipmentsOf(older, 2);
    expect(olderShipments.map((s) => s.warehouseId).sort()).toEqual(['WH-BER', 'WH-HAM']);

    await system.produce(Topics.warehouseOperations, [stockReceived('WH-BER', 'CLOCK', 1)]);
    await waitForStatus(newer, 'ALLOCATED');
  });

  it('cancels before pick-up: reservations released, pending shipments cancelled, stock available again', async () => {
    const orderId = await submit('CANCEL-1', [line('VASE', 3)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    await system.produce(Topics.channelOrders, [cancellationRequested('CANCEL-1')]);
    await waitForStatus(orderId, 'CANCELLED');
    await notified(orderId, 'OrderCancelled');
    await system.waitForOrderEvent(orderId, 'ReservationReleased');
    await system.waitForEvent(StreamIds.shipment(shipment.shipmentId), 'ShipmentCancelled');

    // All three units are available again: another order gets them without a backorder.
    const next = await submit('CANCEL-2', [line('VASE', 3)]);
    await waitForStatus(next, 'ALLOCATED');
  });

  it('refuses a cancellation after pick-up and suggests a return', async () => {
    const orderId = await submit('LATE-CANCEL-1', [line('SPOON', 1)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    await scan(await pack(shipment), 'PICKED_UP');
    await waitForStatus(orderId, 'SHIPPED');
    await system.produce(Topics.channelOrders, [cancellationRequested('LATE-CANCEL-1')]);
    const refusal = await notified(orderId, 'CancellationRejected');
    expect(String(refusal.reason)).toMatch(/return/);
    expect(await statusOf(orderId)).toBe('SHIPPED');
  });

  it('exchanges a returned item: the replacement is allocated and shipped like an order line', async () => {
    const orderId = await submit('EXCHANGE-1', [line('BOWL', 1)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    const parcel = await pack(shipment);
    await scan(parcel, 'PICKED_UP', 'DELIVERED');
    await waitForStatus(orderId, 'DELIVERED');
    const delivered = await system.waitForOrderEvent(orderId, 'ShipmentDelivered');
    await waitFor('after-sales saw the delivery', () => system.applied('after-sales-service', delivered.eventId));

    await system.produce(Topics.channelOrders, [returnRequested('EXCHANGE-1', [{ sku: 'BOWL', quantity: 1, reason: 'cracked' }], 'EXCHANGE')]);
    const rmaNumber = String((await notified(orderId, 'ReturnAuthorized')).rmaNumber);
    await system.produce(Topics.warehouseOperations, [returnParcelReceived(rmaNumber, 'WH-BER', [{ sku: 'BOWL', quantity: 1, condition: 'DAMAGED' }])]);
    const [replacement] = await shipmentsOf(orderId, 1, 'EXCHANGE');
    expect(replacement.lines).toEqual([{ sku: 'BOWL', quantity: 1 }]);
    await scan(await pack(replacement), 'PICKED_UP');
    expect(await notified(orderId, 'ExchangeShipped')).toMatchObject({ rmaNumber });
    expect(await statusOf(orderId)).toBe('DELIVERED'); // the replacement does not reopen the order
    const damaged = await system.waitForEvent(StreamIds.stock('BOWL'), 'DamagedReturnRecorded');
    expect(damaged.data).toMatchObject({ rmaNumber, quantity: 1 });
  });

  it('never oversells: twenty orders racing on every partition for the last five units', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `RACE-${i}`);
    await system.produce(Topics.channelOrders, ids.map((id) => orderSubmitted(id, [line('RACE', 1)])));
    const statuses = await Promise.all(
      ids.map((id) =>
        waitFor(`race order ${id} allocated or backordered`, async () => {
          const status = await statusOf(orderIdFor('webshop', id));
          return status === 'ALLOCATED' || status === 'BACKORDERED' ? status : undefined;
        }, { timeoutMs: 60_000, intervalMs: 200 }),
      ),
    );
    expect(statuses.filter((s) => s === 'ALLOCATED')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'BACKORDERED')).toHaveLength(15);
    const stock = await system.streamEvents(StreamIds.stock('RACE'));
    expect(stock.filter((e) => e.type === 'StockReserved').reduce((n, e) => n + (e.data as { quantity: number }).quantity, 0)).toBe(5);
    expect(stock.filter((e) => e.type === 'BackorderQueued')).toHaveLength(15);
  });

  it('treats the same order submitted twice, with new or repeated message ids, as one order', async () => {
    const first = orderSubmitted('DUP-1', [line('SPOON', 2)]);
    const retry = { ...first, messageId: '2f3c8d8e-1111-4c1a-9a55-6b1a2c3d4e5f' };
    await system.produce(Topics.channelOrders, [first, retry, first]);
    const orderId = orderIdFor('webshop', 'DUP-1');
    await waitForStatus(orderId, 'ALLOCATED');
    const marker = await submit('DUP-MARKER', [line('SPOON', 1)]); // same partition order does not hold, so wait on a later one
    await waitForStatus(marker, 'ALLOCATED');
    const events = await system.streamEvents(StreamIds.order(orderId));
    expect(events.filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    expect(notifications.json<{ type: string; orderId: string }>().filter((n) => n.orderId === orderId && n.type === 'OrderConfirmed')).toHaveLength(1);
    expect((await system.orderEvents(orderId)).filter((e) => e.type === 'StockAllocated')).toHaveLength(1);
  });

  it('dead-letters every bad input with its reason while valid orders around it complete', async () => {
    const dlq = await system.tap('channel.orders.dlq');
    const warehouseDlq = await system.tap('warehouse.operations.dlq');
    const trackingDlq = await system.tap('carrier.tracking.dlq');
    const base = orderSubmitted('BAD-x', [line('SPOON', 1)]);
    const spoiled: [string, string | Record<string, unknown>, RegExp][] = [
      ['not JSON', '{"type": "OrderSubmitted", ', /not valid JSON/],
      ['unknown type', { ...base, type: 'OrderTeleported' }, /unknown type "OrderTeleported"/],
      ['unknown version', { ...base, version: 7 }, /unknown version 7/],
      ['missing field', { ...base, customer: undefined }, /field "customer"/],
      ['quantity 0', { ...base, lines: [{ sku: 'SPOON', quantity: 0, unitPriceMinor: 1 }] }, /field "lines\[0\]\.quantity": expected ≥ 1/],
      ['negative quantity', { ...base, lines: [{ sku: 'SPOON', quantity: -2, unitPriceMinor: 1 }] }, /field "lines\[0\]\.quantity"/],
      ['fractional quantity', { ...base, lines: [{ sku: 'SPOON', quantity: 1.5, unitPriceMinor: 1 }] }, /field "lines\[0\]\.quantity": expected a whole number/],
      ['negative price', { ...base, lines: [{ sku: 'SPOON', quantity: 1, unitPriceMinor: -1 }] }, /field "lines\[0\]\.unitPriceMinor"/],
      ['unknown currency', { ...base, currency: 'EURO' }, /field "currency": expected an ISO-4217/],
      ['country not ISO', { ...base, shippingAddress: { ...base.shippingAddress, country: 'Germany' } }, /field "shippingAddress\.country"/],
      ['over 500 lines', { ...base, lines: Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPriceMinor: 1 })) }, /field "lines": expected at most 500 lines/],
      ['over 256 KiB', { ...base, note: 'x'.repeat(300 * 1024) }, /over the 262144-byte limit/],
    ];
    const valid = ['GOOD-1', 'GOOD-2', 'GOOD-3'].map((id) => orderSubmitted(id, [line('SPOON', 1)]));
    await system.produce(Topics.channelOrders, [
      valid[0],
      ...spoiled.slice(0, 6).map(([, m]) => ({ key: 'webshop:BAD', value: typeof m === 'string' ? m : JSON.stringify(m) })),
      valid[1],
      ...spoiled.slice(6).map(([, m]) => ({ key: 'webshop:BAD', value: typeof m === 'string' ? m : JSON.stringify(m) })),
      valid[2],
    ]);
    // Well-formed but unacceptable orders are rejected, with every reason, and the channel is told.
    const unknownSku = await submit('REJECT-1', [line('SPOON', 1), { sku: 'NEVER-STOCKED', quantity: 1, unitPriceMinor: 10 }]);
    const duplicateLine = await submit('REJECT-2', [line('SPOON', 1), line('SPOON', 2)]);
    await submit('REJECT-3', [line('SPOON', 1)], { channel: 'phone', currency: 'GBP' });
    await system.produce(Topics.warehouseOperations, [stockReceived('WH-NOWHERE', 'SPOON', 5), { key: 'WH-BER', value: '{"type":"StockReceived","version":1}' }]);
    await system.produce(Topics.carrierTracking, [trackingUpdated('ParcelNet', 'PN-NO-SUCH-PARCEL', 'DELIVERED'), { key: 'x', value: 'garbage' }]);

    for (const m of valid) await waitForStatus(orderIdFor('webshop', m.externalOrderId), 'ALLOCATED');
    expect((await notified(unknownSku, 'OrderRejected')).reasons).toEqual(['SKU NEVER-STOCKED is not stocked by any warehouse']);
    expect((await notified(duplicateLine, 'OrderRejected')).reasons).toEqual(['SKU SPOON appears on more than one line']);
    expect((await notified(orderIdFor('phone', 'REJECT-3'), 'OrderRejected')).reasons).toEqual([expect.stringMatching(/currency GBP is not used by channel "phone"/)]);

    await waitFor('every bad order dead-lettered', () => dlq.records.length >= spoiled.length, { timeoutMs: 60_000 });
    const reasons = dlq.records.map((r) => r.headers['dlq-reason']);
    expect(reasons).toHaveLength(spoiled.length);
    spoiled.forEach(([, , reason], i) => expect([spoiled[i][0], reasons[i]]).toEqual([spoiled[i][0], expect.stringMatching(reason)]));
    expect(dlq.records.every((r) => r.headers['dlq-consumer'] === 'order-service')).toBe(true); // one record each, from the topic's owner
    await waitFor('warehouse dead letters', () => warehouseDlq.records.length >= 2);
    expect(warehouseDlq.records.map((r) => r.headers['dlq-reason']).sort()).toEqual([
      expect.stringMatching(/field "messageId"|field "warehouseId"|field "occurredAt"/),
      expect.stringMatching(/WH-NOWHERE/),
    ].sort());
    await waitFor('carrier dead letters', () => trackingDlq.records.length >= 2);
    expect(trackingDlq.records.map((r) => r.headers['dlq-reason']).join('\n')).toMatch(/PN-NO-SUCH-PARCEL/);
  });

  /** Delivers a one-shipment order and waits until after-sales has recorded the delivery. */
  const deliveredOrder = async (externalOrderId: string, lines: Line[]) => {
    const orderId = await submit(externalOrderId, lines);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    await scan(await pack(shipment), 'PICKED_UP', 'DELIVERED');
    await waitForStatus(orderId, 'DELIVERED');
    const delivered = await system.waitForOrderEvent(orderId, 'ShipmentDelivered');
    await waitFor('after-sales saw the delivery', () => system.applied('after-sales-service', delivered.eventId));
    return { orderId, shipment };
  };

  it('restocks a return parcel once, however often the warehouse reports it, and never for an RMA nobody authorised', async () => {
    const { orderId } = await deliveredOrder('RETURN-TWICE-1', [line('JUG', 2)]);
    await system.produce(Topics.channelOrders, [returnRequested('RETURN-TWICE-1', [{ sku: 'JUG', quantity: 1, reason: 'leaks' }], 'REFUND')]);
    const rmaNumber = String((await notified(orderId, 'ReturnAuthorized')).rmaNumber);
    const parcel = returnParcelReceived(rmaNumber, 'WH-BER', [{ sku: 'JUG', quantity: 1, condition: 'RESELLABLE' }]);
    const again = { ...parcel, messageId: '7d0e5a51-3c2b-4f1e-9a8d-2b6c4e1f0a93' }; // the same parcel, reported twice
    const invented = returnParcelReceived('RMA-999999', 'WH-BER', [{ sku: 'JUG', quantity: 3, condition: 'RESELLABLE' }]);
    await system.produce(Topics.warehouseOperations, [parcel, again, invented]);

    const authorized = await system.waitForEvent(StreamIds.return(rmaNumber), 'ReturnAuthorized');
    for (const id of [authorized.eventId, parcel.messageId, again.messageId, invented.messageId]) {
      await waitFor(`inventory applied ${id}`, () => system.applied('inventory-service', id), { timeoutMs: 60_000 });
    }
    const restocked = (await system.streamEvents(StreamIds.stock('JUG'))).filter((e) => e.type === 'StockRestocked');
    expect(restocked.map((e) => e.data)).toEqual([{ sku: 'JUG', warehouseId: 'WH-BER', quantity: 1, rmaNumber }]);
    expect((await system.streamEvents(`restock-${rmaNumber}`)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['ReturnExpected', 'ReturnParcelAccepted', 'ReturnParcelRefused']),
    );
    expect((await system.streamEvents('restock-RMA-999999')).map((e) => e.type)).toEqual(['ReturnParcelHeld']);
    expect(await notified(orderId, 'RefundIssued')).toMatchObject({ amountMinor: 1800, rmaNumber });
  });

  it('authorises a return requested before after-sales heard of the delivery, once the delivery arrives', async () => {
    const orderId = await submit('EARLY-RETURN-1', [line('PAN', 1)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    const parcel = await pack(shipment);
    await scan(parcel, 'PICKED_UP');
    await waitForStatus(orderId, 'SHIPPED');
    // The customer has the parcel and asks to return it before the carrier's DELIVERED scan arrives.
    const early = returnRequested('EARLY-RETURN-1', [{ sku: 'PAN', quantity: 1, reason: 'too heavy' }], 'REFUND');
    await system.produce(Topics.channelOrders, [early]);
    await waitFor('after-sales took the early return request', () => system.applied('after-sales-service', early.messageId));
    await scan(parcel, 'DELIVERED');

    const decided = await notifications.waitFor<Record<string, unknown>>(
      `the answer to the early return of ${orderId}`,
      (n) => n.orderId === orderId && (n.type === 'ReturnAuthorized' || n.type === 'ReturnRejected'),
    );
    expect(decided).toMatchObject({ type: 'ReturnAuthorized', lines: [{ sku: 'PAN', quantity: 1 }] });
    const rmaNumber = String(decided.rmaNumber);
    expect((await system.streamEvents(StreamIds.return(rmaNumber))).map((e) => e.type)).toEqual(['ReturnAwaitingDelivery', 'ReturnAuthorized']);
  });

  it('ships a parcel the carrier took after the cancellation won: stock conserved, the order says so, an operator case opens', async () => {
    const orderId = await submit('TAKEN-ANYWAY-1', [line('LAMP', 1)]);
    await waitForStatus(orderId, 'ALLOCATED');
    const [shipment] = await shipmentsOf(orderId, 1);
    const parcel = await pack(shipment);
    await system.produce(Topics.channelOrders, [cancellationRequested('TAKEN-ANYWAY-1')]);
    await waitForStatus(orderId, 'CANCELLED');
    await system.waitForEvent(StreamIds.shipment(shipment.shipmentId), 'ShipmentCancelled');
    await system.waitForEvent(StreamIds.stock('LAMP'), 'StockReservationReleased', (d: { shipmentId: string }) => d.shipmentId === shipment.shipmentId);
    await scan(parcel, 'PICKED_UP'); // the warehouse handed it over anyway

    const shippedAfter = await system.waitForOrderEvent(orderId, 'OrderShippedAfterCancellation');
    expect(shippedAfter.data).toMatchObject({ shipmentId: shipment.shipmentId, carrier: parcel.carrier, status: 'CANCELLED' });
    const operatorCase = await system.waitForOrderEvent<{ category: string; shipmentId: string }>(orderId, 'ComplaintOpened');
    expect(operatorCase.data).toMatchObject({ category: 'SHIPPED_AFTER_CANCELLATION', source: 'CARRIER', shipmentId: shipment.shipmentId });
    const shipped = await system.waitForEvent(StreamIds.stock('LAMP'), 'StockShipped', (d: { shipmentId: string }) => d.shipmentId === shipment.shipmentId);
    expect(shipped.data).toMatchObject({ quantity: 1, reservedQuantity: 0 });
    expect(await statusOf(orderId)).toBe('CANCELLED');
  });

  it('puts a parcel returned to sender back on the shelf once, where it fills the order waiting for it', async () => {
    const first = await submit('BOUNCED-1', [line('KETTLE', 1)]);
    await waitForStatus(first, 'ALLOCATED');
    const waiting = await submit('BOUNCED-2', [line('KETTLE', 1)]);
    await waitForStatus(waiting, 'BACKORDERED');
    const [shipment] = await shipmentsOf(first, 1);
    const parcel = await pack(shipment);
    await scan(parcel, 'PICKED_UP', 'IN_TRANSIT', 'RETURNED_TO_SENDER');
    await system.waitForEvent(StreamIds.shipment(shipment.shipmentId), 'ShipmentReturnedToSender');

    await waitForStatus(waiting, 'ALLOCATED');
    const restocked = (await system.streamEvents(StreamIds.stock('KETTLE'))).filter((e) => e.type === 'StockRestocked');
    expect(restocked.map((e) => e.data)).toEqual([{ sku: 'KETTLE', warehouseId: 'WH-BER', quantity: 1, shipmentId: shipment.shipmentId }]);
  });

  it('conserves stock per SKU and warehouse, and never lets available go negative', async () => {
    const stockEvents: { type: string; data: Record<string, unknown> & { sku: string; warehouseId: string; quantity: number } }[] = [];
    for await (const e of exportEvents(system.db.dataSource)) if (streamCategory(e.streamId) === 'stock') stockEvents.push(e as (typeof stockEvents)[number]);
    const levels = new Map<string, { received: number; adjusted: number; restocked: number; shipped: number; reserved: number }>();
    for (const { type, data } of stockEvents) {
      if (!data.warehouseId) continue;
      const key = `${data.sku}@${data.warehouseId}`;
      const l = levels.get(key) ?? { received: 0, adjusted: 0, restocked: 0, shipped: 0, reserved: 0 };
      if (type === 'StockReceived') l.received += data.quantity;
      if (type === 'StockAdjusted') l.adjusted += Number(data.quantityDelta);
      if (type === 'StockRestocked') l.restocked += data.quantity;
      if (type === 'StockReserved') l.reserved += data.quantity;
      if (type === 'StockReservationReleased') l.reserved -= data.quantity;
      if (type === 'StockShipped') {
        l.shipped += data.quantity;
        l.reserved -= Number(data.reservedQuantity);
      }
      levels.set(key, l);
      const onHand = l.received + l.adjusted + l.restocked - l.shipped;
      expect([key, type, onHand - l.reserved >= 0, l.reserved >= 0]).toEqual([key, type, true, true]);
    }
    const onHand = (key: string) => {
      const l = levels.get(key)!;
      return { onHand: l.received + l.adjusted + l.restocked - l.shipped, restocked: l.restocked, reserved: l.reserved };
    };
    // MUG@WH-BER: 10 received, 2 shipped, 1 restocked → 9 on hand, nothing reserved.
    expect(onHand('MUG@WH-BER')).toEqual({ onHand: 9, restocked: 1, reserved: 0 });
    // JUG: 5 received, 2 shipped, one parcel restocked once (reported twice) → 4.
    expect(onHand('JUG@WH-BER')).toEqual({ onHand: 4, restocked: 1, reserved: 0 });
    // LAMP: 2 received, 1 taken by the carrier after the cancellation → 1, nothing held for the cancelled order.
    expect(onHand('LAMP@WH-BER')).toEqual({ onHand: 1, restocked: 0, reserved: 0 });
    // KETTLE: 1 received, shipped, back from the carrier and reserved for the order that waited.
    expect(onHand('KETTLE@WH-BER')).toEqual({ onHand: 1, restocked: 1, reserved: 1 });
  });
});
