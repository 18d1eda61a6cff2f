import { randomUUID } from 'node:crypto';
import { addDays, isoDateOf } from '@orderflow/decider';
import { ShippingEventData, StreamIds, Topics } from '@orderflow/contracts';
import { packed, scanned, stockAllocated } from '../apps/shipping-service/src/shipping.fixtures';
import { TestSystem } from './support/system';

/** The shipping service as a process: Kafka in, events stored and relayed, the delay check on a timer. */
describe('shipping-service (smoke)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start(['shipping-service'], {
      serviceEnv: { 'shipping-service': { SHIPPING_DELAY_CHECK_INTERVAL_MS: '1000' } },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('requests, books and tracks a shipment, marks a late one delayed and dead-letters a broken scan', async () => {
    const events = await system.tap(Topics.shippingEvents);
    const dlq = await system.tap('carrier.tracking.dlq');
    const today = isoDateOf(new Date());
    const allocation = stockAllocated('E2E-1', [{ shipmentId: 'OF-900001-1' }], { promisedBy: addDays(today, 7) });
    const late = stockAllocated('E2E-2', [{ shipmentId: 'OF-900002-1' }], { promisedBy: addDays(today, -1) });
    await system.produce(
      Topics.inventoryEvents,
      [allocation, late].map((data, i) => ({
        key: StreamIds.reservation(data.reservationId),
        headers: { 'event-type': 'StockAllocated' },
        value: JSON.stringify({
          type: 'StockAllocated',
          version: 1,
          messageId: randomUUID(),
          occurredAt: new Date().toISOString(),
          streamId: StreamIds.reservation(data.reservationId),
          streamVersion: 1,
          globalPosition: i + 1,
          data,
        }),
      })),
    );
    await system.waitForEvent(StreamIds.shipment('OF-900001-1'), 'ShipmentRequested');

    await system.produce(Topics.warehouseOperations, [packed('OF-900001-1', 2000)]);
    const booked = await system.waitForEvent<ShippingEventData<'ShipmentBooked'>>(StreamIds.shipment('OF-900001-1'), 'ShipmentBooked');
    expect(booked.data).toMatchObject({ carrier: 'ParcelNet', trackingNumber: expect.stringMatching(/^PN\d{10}$/) });

    await system.produce(Topics.carrierTracking, [
      scanned(booked.data, 'DELIVERED', new Date().toISOString(), 'Berlin'),
      { key: 'junk', value: '{"type":"TrackingUpdated"}' },
    ]);
    await system.waitForEvent(StreamIds.shipment('OF-900001-1'), 'ShipmentDelivered');
    const relayed = await events.waitFor('delivery relayed', (m: { type: string }) => m.type === 'ShipmentDelivered');
    expect(relayed).toMatchObject({ data: { shipmentId: 'OF-900001-1' } });
    await dlq.waitFor('broken scan dead-lettered', (_m, raw) => raw.value?.toString() === '{"type":"TrackingUpdated"}');

    const delayed = await system.waitForEvent<ShippingEventData<'ShipmentDelayed'>>(StreamIds.shipment('OF-900002-1'), 'ShipmentDelayed');
    expect(delayed.data).toMatchObject({ promisedBy: addDays(today, -1), newEstimate: addDays(today, 2) });
  });
});
