import { randomUUID } from 'node:crypto';
import { CourierAccepted, CourierAvailable, InventoryEventData, ShippingEventData, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { UnitOfWork, UnitOfWorkFactory } from '@orderflow/platform';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { BookCarrierHandler } from '../book-carrier/book-carrier.handler';
import { CancelShipmentsHandler } from '../cancel-shipments/cancel-shipments.handler';
import { CourierDirectory } from '../infrastructure/courier-directory';
import { DelayWatch } from '../infrastructure/delay-watch';
import { shippingMigrations } from '../infrastructure/migrations';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { ProductWeights } from '../infrastructure/product-weights';
import { CARRIERS } from '../infrastructure/reference-data';
import { ReportCouriersHandler } from '../report-couriers/report-couriers.handler';
import { RequestShipmentHandler } from '../request-shipment/request-shipment.handler';
import { CITY_COURIER, packed, scanned, seedDefaultCarriers, stockAllocated } from '../shipping.fixtures';
import { TrackParcelHandler } from '../track-parcel/track-parcel.handler';
import { CourierDispatch } from './courier-dispatch';
import { CourierOfferCheck } from './courier-offer-check';

/** The Berlin warehouse, and points east of it: 0.01° of longitude there is about 0.68 km. */
const WAREHOUSE = { lat: 52.52, lon: 13.4 };
const east = (km: number) => ({ lat: WAREHOUSE.lat, lon: WAREHOUSE.lon + km / 67.8 });

describe('local courier dispatch (PostgreSQL, fake clock)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let clockNow = new Date('2026-03-02T09:00:00.000Z');
  const clock = () => clockNow;
  const couriers = new CourierDirectory();
  const watch = new DelayWatch();
  const parcels = new ParcelRegistry();
  const dispatch = new CourierDispatch(couriers, { COURIER_ACCEPT_TIMEOUT_MS: 120_000 });
  const requestShipment = new RequestShipmentHandler(watch);
  const bookCarrier = new BookCarrierHandler(parcels, new ProductWeights(), dispatch);
  const report = new ReportCouriersHandler(couriers, dispatch);
  const trackParcel = new TrackParcelHandler(parcels, watch, couriers);
  const cancelShipments = new CancelShipmentsHandler(watch, couriers);
  let check: CourierOfferCheck;

  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => inUnitOfWork(db, work, { now: clockNow });
  const eventsOf = async (shipmentId: string) => (await store.readStream(StreamIds.shipment(shipmentId))).map((e) => ({ type: e.type, data: e.data }));
  const assignmentsOf = async (shipmentId: string) =>
    (await eventsOf(shipmentId)).filter((e) => e.type === 'CourierAssigned').map((e) => e.data as ShippingEventData<'CourierAssigned'>);
  const openOffers = async () =>
    (await db.dataSource.query(`SELECT shipment_id, courier_id FROM shipping_courier_offers ORDER BY shipment_id`)) as { shipment_id: string; courier_id: string }[];
  const waiting = async () => ((await db.dataSource.query(`SELECT shipment_id FROM shipping_courier_waiting ORDER BY since, shipment_id`)) as { shipment_id: string }[]).map((r) => r.shipment_id);

  const available = (courierId: string, location: { lat: number; lon: number }, carrier = 'CityCourier'): CourierAvailable => ({
    type: 'CourierAvailable',
    version: 1,
    messageId: randomUUID(),
    occurredAt: clockNow.toISOString(),
    carrier,
    courierId,
    location,
  });
  const acceptance = (courierId: string, shipmentId: string): CourierAccepted => ({
    type: 'CourierAccepted',
    version: 1,
    messageId: randomUUID(),
    occurredAt: clockNow.toISOString(),
    carrier: 'CityCourier',
    courierId,
    shipmentId,
  });
  /** A shipment allocated 3 km from its customer, so the local courier can take it, then packed. */
  const packLocal = async (shipmentId: string) => {
    const allocation: InventoryEventData<'StockAllocated'> = stockAllocated(shipmentId, [{ shipmentId }], { promisedBy: '2026-03-06' });
    allocation.shipments = allocation.shipments.map((s) => ({ ...s, distanceKm: 3, origin: WAREHOUSE }));
    await run((uow) => requestShipment.handle(allocation, uow));
    return run((uow) => bookCarrier.handle(packed(shipmentId, 1500), uow));
  };

  beforeAll(async () => {
    db = await createTestDatabase(shippingMigrations);
    store = new EventStore(db.dataSource);
    await seedDefaultCarriers(db.dataSource);
    const { name, countries, ...courierCarrier } = CITY_COURIER;
    await run((uow) => CARRIERS.put(uow, name, { ...courierCarrier, countries: [...countries], acceptWithinSeconds: 60 }));
    check = new CourierOfferCheck(new UnitOfWorkFactory(store, clock), clock, db.dataSource, couriers, dispatch);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('gives a packed shipment at once to the nearest free courier, naming the others, and the courier accepts', async () => {
    for (const [id, km] of [['CR-FAR', 9], ['CR-NEAR', 1], ['CR-MID', 4]] as const) await run((uow) => report.available(available(id, east(km)), uow));
    await run((uow) => report.available(available('PN-COURIER', east(0.1), 'OtherCourier'), uow)); // another carrier's

    const events = await packLocal('LC-1');
    expect(events.map((e) => e.type)).toEqual(['ShipmentBooked', 'CourierAssigned']);
    const [offer] = await assignmentsOf('LC-1');
    expect(offer).toMatchObject({ courierId: 'CR-NEAR', distanceKm: 1, attempt: 1, acceptBy: '2026-03-02T09:01:00.000Z' });
    expect(offer.alternatives).toEqual([{ courierId: 'CR-MID', distanceKm: 4 }, { courierId: 'CR-FAR', distanceKm: 9 }]);

    await run((uow) => report.accepted(acceptance('CR-NEAR', 'LC-1'), uow));
    await run((uow) => report.accepted(acceptance('CR-NEAR', 'LC-1'), uow)); // the same answer again
    expect((await eventsOf('LC-1')).filter((e) => e.type === 'CourierAssignmentAccepted')).toHaveLength(1);
    expect(await openOffers()).toEqual([]);

    // The next shipment cannot have CR-NEAR, who is busy: the next nearest.
    await packLocal('LC-2');
    expect((await assignmentsOf('LC-2'))[0].courierId).toBe('CR-MID');
  });

  it('reassigns an offer not accepted in time to the next nearest, never back to the courier who let it lapse', async () => {
    clockNow = new Date('2026-03-02T09:00:30.000Z');
    expect(await check.check()).toEqual({ lapsed: 0, offered: 0 }); // LC-2's offer stands until 09:01
    clockNow = new Date('2026-03-02T09:01:01.000Z');
    expect(await check.check()).toEqual({ lapsed: 1, offered: 0 });
    const offers = await assignmentsOf('LC-2');
    expect(offers.map((o) => [o.courierId, o.attempt])).toEqual([['CR-MID', 1], ['CR-FAR', 2]]);
    expect((await eventsOf('LC-2')).map((e) => e.type)).toEqual(['ShipmentRequested', 'ShipmentBooked', 'CourierAssigned', 'CourierAssignmentLapsed', 'CourierAssigned']);

    // CR-FAR lets it lapse too; CR-MID, gone since its lapse, is back and nearest, but it let this one lapse: the shipment waits.
    await run((uow) => report.available(available('CR-MID', east(0.5)), uow));
    clockNow = new Date('2026-03-02T09:02:30.000Z');
    await check.check();
    expect((await assignmentsOf('LC-2')).map((o) => o.courierId)).toEqual(['CR-MID', 'CR-FAR']);
    expect(await waiting()).toEqual(['LC-2']);
    // ... while a new shipment takes CR-MID at once.
    await packLocal('LC-3');
    expect((await assignmentsOf('LC-3'))[0].courierId).toBe('CR-MID');

    // A courier who was never offered it becomes free: the waiting shipment is offered to it at once.
    await run((uow) => report.available(available('CR-NEW', east(2)), uow));
    expect((await assignmentsOf('LC-2')).map((o) => [o.courierId, o.attempt])).toEqual([['CR-MID', 1], ['CR-FAR', 2], ['CR-NEW', 3]]);
    expect(await waiting()).toEqual([]);
  });

  it('frees the courier when its shipment is delivered or cancelled', async () => {
    const booked = (await eventsOf('LC-1')).find((e) => e.type === 'ShipmentBooked')!.data as ShippingEventData<'ShipmentBooked'>;
    await run((uow) => trackParcel.handle(scanned(booked, 'PICKED_UP', '2026-03-02T09:10:00.000Z'), uow));
    await run((uow) => trackParcel.handle(scanned(booked, 'DELIVERED', '2026-03-02T09:40:00.000Z'), uow));
    const free = async () => (await run((uow) => couriers.free(uow.tx, 'CityCourier'))).map((c) => c.courierId).sort();
    expect(await free()).toContain('CR-NEAR');

    const { reservationId, orderId, channel, externalOrderId, purpose } = stockAllocated('LC-3', [], { promisedBy: '2026-03-06' });
    const release: InventoryEventData<'ReservationReleased'> = {
      reservationId,
      orderId,
      channel,
      externalOrderId,
      purpose,
      releasedShipments: ['LC-3'],
      withdrawnBackorders: [],
      reason: 'order cancelled',
      releasedAt: clockNow.toISOString(),
    };
    await run((uow) => cancelShipments.handle(release, uow));
    expect(await free()).toContain('CR-MID');
    expect((await openOffers()).map((o) => o.shipment_id)).not.toContain('LC-3');
  });

  it('never gives one courier two shipments, with 120 packed at once and 40 couriers', async () => {
    for (let i = 0; i < 40; i++) await run((uow) => report.available(available(`CR-P${String(i).padStart(2, '0')}`, east(1 + (i % 13))), uow));
    const freeBefore = (await run((uow) => couriers.free(uow.tx, 'CityCourier'))).length;
    const ids = Array.from({ length: 120 }, (_, i) => `LC-P${String(i).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => packLocal(id)));

    const offers = await Promise.all(ids.map(async (id) => ({ id, offers: await assignmentsOf(id) })));
    const assigned = offers.filter((o) => o.offers.length > 0).map((o) => o.offers[0].courierId);
    expect(assigned).toHaveLength(freeBefore);
    expect(new Set(assigned).size).toBe(assigned.length);
    expect((await waiting()).sort()).toEqual(offers.filter((o) => o.offers.length === 0).map((o) => o.id).sort());
    // Each open offer is held by its own courier in the directory.
    const held = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM shipping_courier_offers o JOIN shipping_couriers c ON c.carrier = o.carrier AND c.courier_id = o.courier_id AND c.assigned_shipment = o.shipment_id`,
    )) as { n: number }[];
    expect(held[0].n).toBe((await openOffers()).length);
  });
});
