import { orderIdFor, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { courierAccepted, courierAvailable, orderSubmitted, shipmentPacked, stockReceived, trackingUpdated, warehouseRegistered } from './support/messages';
import { TestSystem } from './support/system';
import { CITY_COURIER, DEFAULT_CARRIERS } from '../apps/shipping-service/src/shipping.fixtures';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BERLIN_WAREHOUSE = { lat: 52.52, lon: 13.4 };
/** About `km` east of the warehouse (0.01° of longitude is about 0.68 km there). */
const east = (km: number) => ({ lat: BERLIN_WAREHOUSE.lat, lon: BERLIN_WAREHOUSE.lon + km / 67.8 });

/**
 * Nearest-courier dispatch (docs/adr/0038), with the order, inventory, shipping and query services
 * as processes: a packed same-day shipment goes at once to the nearest free courier, who lets it
 * lapse; it goes to the next nearest, who accepts, picks it up and delivers it; the order shows it.
 */
describe('local courier dispatch (services as processes, Kafka, the query API)', () => {
  let system: TestSystem;
  const order = async (externalOrderId: string) => {
    const res = await fetch(`${system.services.get('query-service')!.url}/channels/webshop/orders/${externalOrderId}`, { headers: await system.auth('operator') });
    return res.status === 200 ? ((await res.json()) as D) : undefined;
  };
  const shipmentOf = (externalOrderId: string, until: (s: D) => boolean, what: string) =>
    waitFor(
      `${externalOrderId}: ${what}`,
      async () => {
        const s = (await order(externalOrderId))?.shipments?.[0] as D | undefined;
        return s && until(s) ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'query-service'], {
      serviceEnv: { 'shipping-service': { SHIPPING_CARRIERS: JSON.stringify([...DEFAULT_CARRIERS, { ...CITY_COURIER, acceptWithinSeconds: 2 }]), COURIER_CHECK_INTERVAL_MS: '200' } },
    });
    await system.produce(Topics.warehouseOperations, [warehouseRegistered('WH-BER', 'DE', 'BE', BERLIN_WAREHOUSE), stockReceived('WH-BER', 'BREAD', 20)]);
    await system.produce(Topics.carrierTracking, [
      courierAvailable('CityCourier', 'CR-FAR', east(6)),
      courierAvailable('CityCourier', 'CR-NEAR', east(1)),
      courierAvailable('CityCourier', 'CR-MID', east(3)),
    ]);
    await waitFor('BREAD known to the order service', async () => ((await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'BREAD'`)) as unknown[]).length > 0, {
      timeoutMs: 60_000,
    });
    await waitFor('the couriers known to shipping', async () => ((await system.db.dataSource.query(`SELECT 1 FROM shipping_couriers`)) as unknown[]).length === 3, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('assigns the nearest courier at once, reassigns when it does not accept in time, and the one who accepts delivers', async () => {
    const address = { line1: 'Alexanderplatz 1', city: 'Berlin', region: 'BE', postalCode: '10178', country: 'DE', location: { lat: 52.5219, lon: 13.4132 } };
    await system.produce(Topics.channelOrders, [orderSubmitted('SAME-DAY-1', [{ sku: 'BREAD', quantity: 2, unitPriceMinor: 450 }], {}, address)]);
    const requested = await shipmentOf('SAME-DAY-1', (s) => s.status === 'AWAITING_PACKING', 'shipment requested');
    await system.produce(Topics.warehouseOperations, [shipmentPacked(requested.shipmentId, 900)]);

    // Booked with the courier carrier and offered to CR-NEAR; CR-NEAR says nothing for 2 s.
    const offered = await shipmentOf('SAME-DAY-1', (s) => s.courier?.status === 'OFFERED', 'offered to a courier');
    expect(offered).toMatchObject({ carrier: 'CityCourier', courier: { courierId: 'CR-NEAR', attempts: 1 } });
    const reassigned = await shipmentOf('SAME-DAY-1', (s) => s.courier?.attempts === 2, 'offered again after the lapse');
    expect(reassigned.courier).toEqual({ courierId: 'CR-MID', status: 'OFFERED', attempts: 2 });

    await system.produce(Topics.carrierTracking, [courierAccepted('CityCourier', 'CR-MID', requested.shipmentId)]);
    await shipmentOf('SAME-DAY-1', (s) => s.courier?.status === 'ACCEPTED', 'accepted');
    await system.produce(Topics.carrierTracking, [
      trackingUpdated('CityCourier', offered.trackingNumber, 'PICKED_UP', 'WH-BER'),
      trackingUpdated('CityCourier', offered.trackingNumber, 'DELIVERED', 'Alexanderplatz'),
    ]);
    await shipmentOf('SAME-DAY-1', (s) => s.status === 'DELIVERED', 'delivered');

    // The timeline explains each choice: the distance and the couriers passed over.
    const res = await fetch(`${system.services.get('query-service')!.url}/orders/${orderIdFor('webshop', 'SAME-DAY-1')}/timeline`, { headers: await system.auth('operator') });
    const events = ((await res.json()) as D).events as D[];
    const assignments = events.filter((e) => e.type === 'CourierAssigned').map((e) => e.data as D);
    expect(assignments.map((a) => [a.courierId, a.attempt, a.distanceKm])).toEqual([
      ['CR-NEAR', 1, 1],
      ['CR-MID', 2, 3],
    ]);
    expect(assignments[0].alternatives.map((a: D) => a.courierId)).toEqual(['CR-MID', 'CR-FAR']);
    expect(events.filter((e) => e.type === 'CourierAssignmentLapsed').map((e) => e.data.courierId)).toEqual(['CR-NEAR']);
    expect(events.filter((e) => e.type === 'CourierAssignmentAccepted').map((e) => e.data.courierId)).toEqual(['CR-MID']);
  });
});
