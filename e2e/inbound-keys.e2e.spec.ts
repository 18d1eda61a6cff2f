import { randomUUID } from 'node:crypto';
import { orderIdFor, ShippingEventData, StreamIds, Topics } from '@orderflow/contracts';
import { IncomingMessage } from '@orderflow/messaging';
import { validInbound, waitFor } from '@orderflow/testing';
import { RawMessage, TestSystem, TopicTap } from './support/system';

type Json = Record<string, unknown>;

/**
 * The key of a record on an inbound topic is part of its contract (docs/adr/0020): it decides the
 * partition, and so the order of one order's, warehouse's or parcel's messages. Through the real
 * broker into the owning services as processes: a record keyed against its contract, or not keyed
 * at all, is dead-lettered by the topic's owner with a reason naming the key it should have had and
 * the key it had, changes nothing, and the partition goes on to the next record.
 */
describe('inbound keys: the owner of each inbound topic refuses a record keyed against its contract', () => {
  let system: TestSystem;
  const dlq = new Map<string, TopicTap>();
  const ids = `KEY${Date.now().toString(36)}`;
  const [whA, whB] = [`${ids}-WH-1`, `${ids}-WH-2`];
  const [mug, tea] = [`${ids}-MUG`, `${ids}-TEA`];
  let sameOrder: Json;

  /** A record exactly as given: the message's bytes under the key we choose (null: none). */
  const keyed = (message: Json, key: string | null): RawMessage => ({ key, value: JSON.stringify(message) });
  const message = (type: string, fields: Json = {}, n = 0): Json => ({ ...validInbound(type, n, randomUUID(), ids), ...fields });
  /** The dead letter of a message, once its topic's owner has written it. */
  const deadLetterOf = (topic: string, m: Json): Promise<IncomingMessage> =>
    dlq.get(topic)!.waitFor(`${String(m.type)} ${String(m.messageId)} dead-lettered`, (r: Json) => r.messageId === m.messageId).then(
      () => dlq.get(topic)!.records.find((r) => (JSON.parse(r.value!.toString()) as Json).messageId === m.messageId)!,
    );

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service']);
    for (const topic of [Topics.channelOrders, Topics.warehouseOperations, Topics.carrierTracking]) dlq.set(topic, await system.tap(`${topic}.dlq`));
    await system.produce(Topics.warehouseOperations, [
      message('WarehouseRegistered', { warehouseId: whA }),
      message('WarehouseRegistered', { warehouseId: whB }),
      message('StockReceived', { warehouseId: whA, sku: tea, quantity: 10 }),
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('warehouse.operations (inventory-service): a receipt keyed by another warehouse, or by none, is refused and stocks nothing', async () => {
    const otherWarehouses = message('StockReceived', { warehouseId: whA, sku: mug, quantity: 700 });
    const unkeyed = message('StockReceived', { warehouseId: whA, sku: mug, quantity: 1100 });
    const right = [message('StockReceived', { warehouseId: whB, sku: mug, quantity: 5 }), message('StockReceived', { warehouseId: whA, sku: mug, quantity: 3 })];
    // The record keyed by warehouse B goes first on B's partition; B's own receipt follows it there.
    await system.produce(Topics.warehouseOperations, [keyed(otherWarehouses, whB), keyed(unkeyed, null), ...right]);

    const refusals = await Promise.all([otherWarehouses, unkeyed].map((m) => deadLetterOf(Topics.warehouseOperations, m)));
    expect(refusals.map((r) => r.headers['dlq-reason'])).toEqual([
      `rejected: key: expected "${whA}" (the warehouse id), got "${whB}"`,
      `rejected: key: expected "${whA}" (the warehouse id), got none`,
    ]);
    expect(refusals.map((r) => r.key?.toString() ?? null)).toEqual([whB, null]);

    await system.waitForEvent(StreamIds.stock(mug), 'StockReceived', (d: { warehouseId: string }) => d.warehouseId === whB);
    await system.waitForEvent(StreamIds.stock(mug), 'StockReceived', (d: { warehouseId: string }) => d.warehouseId === whA);
    const received = (await system.streamEvents(StreamIds.stock(mug))).filter((e) => e.type === 'StockReceived').map((e) => e.data as Json);
    expect(received.map((d) => [d.warehouseId, d.quantity]).sort()).toEqual([
      [whA, 3],
      [whB, 5],
    ]);
    for (const m of [otherWarehouses, unkeyed]) expect(await system.applied('inventory-service', String(m.messageId))).toBe(false);
  });

  it('channel.orders (order-service): an order keyed apart from its channel and externalOrderId, or unkeyed, is refused and never placed', async () => {
    // The order service learns what is sold from the inventory's events: an unknown SKU would reject the order.
    await waitFor('both SKUs known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM order_known_skus WHERE sku = ANY($1)`, [[mug, tea]])) as { n: number }[];
      return rows[0].n === 2;
    });
    const [misKeyed, unkeyed] = [message('OrderSubmitted', {}, 1), message('OrderSubmitted', {}, 3)];
    sameOrder = message('OrderSubmitted', {}, 2);
    const keyOf = (m: Json) => `${String(m.channel)}:${String(m.externalOrderId)}`;
    // Keyed as the next order: refused, and that order, on the same partition right after it, is placed.
    await system.produce(Topics.channelOrders, [keyed(misKeyed, keyOf(sameOrder)), keyed(unkeyed, null), keyed(sameOrder, keyOf(sameOrder))]);

    const refusals = await Promise.all([misKeyed, unkeyed].map((m) => deadLetterOf(Topics.channelOrders, m)));
    expect(refusals.map((r) => r.headers['dlq-reason'])).toEqual([
      `rejected: key: expected "${keyOf(misKeyed)}" (<channel>:<externalOrderId>), got "${keyOf(sameOrder)}"`,
      `rejected: key: expected "${keyOf(unkeyed)}" (<channel>:<externalOrderId>), got none`,
    ]);
    await system.waitForEvent(StreamIds.order(orderIdFor('webshop', String(sameOrder.externalOrderId))), 'OrderAllocated');
    for (const m of [misKeyed, unkeyed]) {
      expect(await system.streamEvents(StreamIds.order(orderIdFor('webshop', String(m.externalOrderId))))).toEqual([]);
      expect(await system.applied('order-service', String(m.messageId))).toBe(false);
    }

    // A cancellation keyed as another order could overtake what it cancels: refused, the order stands.
    const cancellation = message('OrderCancellationRequested', { externalOrderId: sameOrder.externalOrderId });
    await system.produce(Topics.channelOrders, [keyed(cancellation, keyOf(misKeyed))]);
    expect((await deadLetterOf(Topics.channelOrders, cancellation)).headers['dlq-reason']).toBe(
      `rejected: key: expected "${keyOf(sameOrder)}" (<channel>:<externalOrderId>), got "${keyOf(misKeyed)}"`,
    );
    const orderEvents = await system.streamEvents(StreamIds.order(orderIdFor('webshop', String(sameOrder.externalOrderId))));
    // One order: placed, confirmed, paid at the (prepaid) channel's checkout, allocated.
    expect(orderEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderPaymentCaptured', 'OrderAllocated']);
  });

  it('carrier.tracking (shipping-service): a scan keyed by another tracking number, or unkeyed, is refused and tracks nothing', async () => {
    const orderId = orderIdFor('webshop', String(sameOrder.externalOrderId));
    const requested = await system.waitForOrderEvent<{ shipmentId: string }>(orderId, 'ShipmentRequested');
    const shipmentId = requested.data.shipmentId;
    // A ShipmentPacked names no warehouse: any key is its contract's (here the shipment id, as the gateway and CLI use).
    await system.produce(Topics.warehouseOperations, [keyed(message('ShipmentPacked', { shipmentId, weightGrams: 900 }), 'any-key-at-all')]);
    const booked = await system.waitForEvent<ShippingEventData<'ShipmentBooked'>>(StreamIds.shipment(shipmentId), 'ShipmentBooked');
    const trackingNumber = booked.data.trackingNumber;

    const scan = (status: string, location: string) =>
      message('TrackingUpdated', { carrier: booked.data.carrier, trackingNumber, status, location, occurredAt: new Date().toISOString() });
    const [misKeyed, unkeyed, right] = [scan('DELIVERED', 'refused: keyed apart'), scan('DELIVERED', 'refused: unkeyed'), scan('PICKED_UP', 'Berlin hub')];
    await system.produce(Topics.carrierTracking, [keyed(misKeyed, `${trackingNumber}X`), keyed(unkeyed, null), keyed(right, trackingNumber)]);

    const refusals = await Promise.all([misKeyed, unkeyed].map((m) => deadLetterOf(Topics.carrierTracking, m)));
    expect(refusals.map((r) => r.headers['dlq-reason'])).toEqual([
      `rejected: key: expected "${trackingNumber}" (the tracking number), got "${trackingNumber}X"`,
      `rejected: key: expected "${trackingNumber}" (the tracking number), got none`,
    ]);
    await system.waitForEvent(StreamIds.shipment(shipmentId), 'ShipmentPickedUp');
    const shipment = await system.streamEvents(StreamIds.shipment(shipmentId));
    expect(shipment.map((e) => e.type)).toEqual(['ShipmentRequested', 'ShipmentBooked', 'ShipmentPickedUp']);
    expect(shipment[2].data).toMatchObject({ location: 'Berlin hub' });
    for (const m of [misKeyed, unkeyed]) expect(await system.applied('shipping-service', String(m.messageId))).toBe(false);
  });
});
