import { ShippingEventData, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { UnitOfWork, UnitOfWorkFactory } from '@orderflow/platform';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { BookCarrierHandler } from '../book-carrier/book-carrier.handler';
import { DelayWatch } from '../infrastructure/delay-watch';
import { shippingMigrations } from '../infrastructure/migrations';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { ProductWeights } from '../infrastructure/product-weights';
import { RequestShipmentHandler } from '../request-shipment/request-shipment.handler';
import { courierDispatch, packed, scanned, seedDefaultCarriers, stockAllocated } from '../shipping.fixtures';
import { CourierDirectory } from '../infrastructure/courier-directory';
import { TrackParcelHandler } from '../track-parcel/track-parcel.handler';
import { DelayDetector } from './delay-detector';
import { DetectDelayHandler } from './detect-delay.handler';

/** Promised for Friday 2026-03-06; booked on Monday with ParcelNet (3 days). */
const PROMISED = '2026-03-06';
const monday = new Date('2026-03-02T09:00:00.000Z');

describe('delay detection (PostgreSQL, fake clock)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let clockNow = monday;
  const clock = () => clockNow;
  const parcels = new ParcelRegistry();
  const watch = new DelayWatch();
  const requestShipment = new RequestShipmentHandler(watch);
  const bookCarrier = new BookCarrierHandler(parcels, new ProductWeights(), courierDispatch());
  const trackParcel = new TrackParcelHandler(parcels, watch, new CourierDirectory());

  /** A detector as one replica of the service would have it. */
  const replica = () => {
    const units = new UnitOfWorkFactory(new EventStore(db.dataSource, clock), clock);
    return new DelayDetector(units, clock, db.dataSource, watch, new DetectDelayHandler(watch));
  };
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => inUnitOfWork(db, work, { now: monday });
  const delaysOf = async (shipmentId: string) =>
    (await store.readStream(StreamIds.shipment(shipmentId)))
      .filter((e) => e.type === 'ShipmentDelayed')
      .map((e) => e.data as ShippingEventData<'ShipmentDelayed'>);
  const dueDateOf = async (shipmentId: string) => {
    const rows = (await db.dataSource.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM shipping_delay_watch WHERE shipment_id = $1`, [
      shipmentId,
    ])) as { due: string }[];
    return rows[0]?.due;
  };

  async function bookedShipments(externalOrderId: string, shipmentIds: string[]): Promise<void> {
    const allocation = stockAllocated(externalOrderId, shipmentIds.map((shipmentId) => ({ shipmentId })), { promisedBy: PROMISED });
    await run((uow) => requestShipment.handle(allocation, uow));
    for (const id of shipmentIds) await run((uow) => bookCarrier.handle(packed(id, 2000), uow));
  }

  beforeAll(async () => {
    db = await createTestDatabase(shippingMigrations);
    store = new EventStore(db.dataSource);
    await seedDefaultCarriers(db.dataSource);
  });

  beforeEach(async () => {
    // Each case watches only its own shipments.
    await db.dataSource.query(`DELETE FROM shipping_delay_watch`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('is not delayed on its promised date, is delayed the day after with a new estimate, and not twice that day', async () => {
    await bookedShipments('W-LATE', ['OF-000010-1']);
    const detector = replica();

    clockNow = new Date(`${PROMISED}T23:59:00.000Z`);
    expect(await detector.detectDelays()).toBe(0);
    expect(await delaysOf('OF-000010-1')).toEqual([]);

    clockNow = new Date('2026-03-07T00:01:00.000Z');
    expect(await detector.detectDelays()).toBe(1);
    expect(await delaysOf('OF-000010-1')).toEqual([
      expect.objectContaining({ shipmentId: 'OF-000010-1', promisedBy: PROMISED, newEstimate: '2026-03-10', detectedAt: '2026-03-07T00:01:00.000Z' }),
    ]);
    expect(await dueDateOf('OF-000010-1')).toBe('2026-03-10');

    clockNow = new Date('2026-03-07T18:00:00.000Z');
    expect(await detector.detectDelays()).toBe(0);
    expect(await delaysOf('OF-000010-1')).toHaveLength(1);

    // Once the new estimate has passed, it is delayed again.
    clockNow = new Date('2026-03-11T06:00:00.000Z');
    expect(await detector.detectDelays()).toBe(1);
    expect((await delaysOf('OF-000010-1'))[1]).toMatchObject({ promisedBy: '2026-03-10', newEstimate: '2026-03-14' });
  });

  it('never delays a delivered shipment', async () => {
    await bookedShipments('W-ONTIME', ['OF-000011-1']);
    const parcel = (await store.readStream(StreamIds.shipment('OF-000011-1'))).find((e) => e.type === 'ShipmentBooked')!
      .data as ShippingEventData<'ShipmentBooked'>;
    await run((uow) => trackParcel.handle(scanned(parcel, 'DELIVERED', '2026-03-05T12:00:00.000Z', 'Berlin'), uow));

    for (const day of ['2026-03-07', '2026-03-20']) {
      clockNow = new Date(`${day}T08:00:00.000Z`);
      expect(await replica().detectDelays()).toBe(0);
    }
    expect(await delaysOf('OF-000011-1')).toEqual([]);
  });

  it('delays each late shipment exactly once when two replicas check at the same time', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `OF-000012-${i + 1}`);
    await bookedShipments('W-RACE', ids);
    clockNow = new Date('2026-03-07T08:00:00.000Z');

    const [first, second] = await Promise.all([replica().detectDelays(), replica().detectDelays()]);

    expect(first + second).toBe(ids.length);
    for (const id of ids) {
      expect(await delaysOf(id)).toEqual([expect.objectContaining({ promisedBy: PROMISED, newEstimate: '2026-03-10' })]);
      expect(await dueDateOf(id)).toBe('2026-03-10');
    }
  });
});
