import { ShippingEventData, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { UnitOfWork } from '@orderflow/platform';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { BookCarrierHandler } from './book-carrier/book-carrier.handler';
import { CancelShipmentsHandler } from './cancel-shipments/cancel-shipments.handler';
import { DelayWatch } from './infrastructure/delay-watch';
import { shippingMigrations } from './infrastructure/migrations';
import { ParcelRegistry } from './infrastructure/parcel-registry';
import { ProductWeights } from './infrastructure/product-weights';
import { RequestShipmentHandler } from './request-shipment/request-shipment.handler';
import { courierDispatch, packed, scanned, seedDefaultCarriers, stockAllocated } from './shipping.fixtures';
import { CourierDirectory } from './infrastructure/courier-directory';
import { TrackParcelHandler } from './track-parcel/track-parcel.handler';

const monday = new Date('2026-03-02T09:00:00.000Z');

describe('shipment lifecycle (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;
  const parcels = new ParcelRegistry();
  const watch = new DelayWatch();
  const requestShipment = new RequestShipmentHandler(watch);
  const bookCarrier = new BookCarrierHandler(parcels, new ProductWeights(), courierDispatch());
  const trackParcel = new TrackParcelHandler(parcels, watch, new CourierDirectory());
  const cancelShipments = new CancelShipmentsHandler(watch, new CourierDirectory());

  const run = <T>(work: (uow: UnitOfWork) => Promise<T>, now = monday) => inUnitOfWork(db, work, { now });
  const typesOf = async (shipmentId: string) => (await store.readStream(StreamIds.shipment(shipmentId))).map((e) => e.type);
  const bookingOf = async (shipmentId: string) => {
    const event = (await store.readStream(StreamIds.shipment(shipmentId))).find((e) => e.type === 'ShipmentBooked');
    return event!.data as ShippingEventData<'ShipmentBooked'>;
  };
  const dueDateOf = async (shipmentId: string) => {
    const rows = (await db.dataSource.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM shipping_delay_watch WHERE shipment_id = $1`, [
      shipmentId,
    ])) as { due: string }[];
    return rows[0]?.due;
  };
  const shipmentOfTracking = async (trackingNumber: string) => run((uow) => parcels.shipmentOf(uow.tx, trackingNumber));

  beforeAll(async () => {
    db = await createTestDatabase(shippingMigrations);
    store = new EventStore(db.dataSource);
    await seedDefaultCarriers(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('books each packed shipment with the carrier the rules choose and registers its tracking number', async () => {
    await run((uow) => requestShipment.handle(stockAllocated('W-FAR', [{ shipmentId: 'OF-000001-1' }], { promisedBy: '2026-03-09' }), uow));
    await run((uow) => requestShipment.handle(stockAllocated('W-NEAR', [{ shipmentId: 'OF-000002-1' }], { promisedBy: '2026-03-03' }), uow));
    await run((uow) =>
      requestShipment.handle(stockAllocated('W-HEAVY', [{ shipmentId: 'OF-000003-1' }], { promisedBy: '2026-03-09' }), uow),
    );
    expect(await typesOf('OF-000001-1')).toEqual(['ShipmentRequested']);
    expect(await dueDateOf('OF-000001-1')).toBe('2026-03-09');

    await run((uow) => bookCarrier.handle(packed('OF-000001-1', 2000), uow));
    await run((uow) => bookCarrier.handle(packed('OF-000002-1', 2000), uow));
    await run((uow) => bookCarrier.handle(packed('OF-000003-1', 45_000), uow));

    const far = await bookingOf('OF-000001-1');
    expect(far).toMatchObject({
      carrier: 'ParcelNet',
      serviceLevel: 'STANDARD',
      costMinor: 610,
      currency: 'EUR',
      estimatedDeliveryDate: '2026-03-05',
      promisedBy: '2026-03-09',
      rule: 'cheapest carrier arriving by the promised date 2026-03-09',
    });
    expect(far.trackingNumber).toMatch(/^PN\d{10}$/);
    expect(await bookingOf('OF-000002-1')).toMatchObject({ carrier: 'SwiftAir', estimatedDeliveryDate: '2026-03-03' });
    expect((await bookingOf('OF-000002-1')).trackingNumber).toMatch(/^SWA\d{10}$/);
    expect(await bookingOf('OF-000003-1')).toMatchObject({ carrier: 'FreightLine', costMinor: 3400, weightGrams: 45_000 });

    const ids = ['OF-000001-1', 'OF-000002-1', 'OF-000003-1'];
    const numbers = await Promise.all(ids.map(async (id) => (await bookingOf(id)).trackingNumber));
    expect(new Set(numbers.map((n) => n.replace(/^[A-Z]+/, ''))).size).toBe(3);
    expect(await shipmentOfTracking(far.trackingNumber)).toBe('OF-000001-1');
  });

  it('requests a shipment once and books it once, however often the messages arrive', async () => {
    const allocation = stockAllocated('W-TWICE', [{ shipmentId: 'OF-000004-1' }, { shipmentId: 'OF-000004-2', warehouseId: 'WH-HAM' }], {
      promisedBy: '2026-03-09',
    });
    expect(await run((uow) => requestShipment.handle(allocation, uow))).toHaveLength(2);
    expect(await run((uow) => requestShipment.handle(allocation, uow))).toEqual([]);
    await run((uow) => bookCarrier.handle(packed('OF-000004-1', 1500), uow));
    expect(await run((uow) => bookCarrier.handle(packed('OF-000004-1', 1500), uow))).toEqual([]);
    expect(await typesOf('OF-000004-1')).toEqual(['ShipmentRequested', 'ShipmentBooked']);
    expect(await typesOf('OF-000004-2')).toEqual(['ShipmentRequested']);
  });

  it('follows the parcel from pick-up to delivery, and stops watching it for delays', async () => {
    await run((uow) => requestShipment.handle(stockAllocated('W-TRACK', [{ shipmentId: 'OF-000005-1' }], { promisedBy: '2026-03-09' }), uow));
    await run((uow) => bookCarrier.handle(packed('OF-000005-1', 2000), uow));
    const parcel = await bookingOf('OF-000005-1');

    const pickedUp = await run((uow) => trackParcel.handle(scanned(parcel, 'PICKED_UP', '2026-03-02T15:00:00.000Z', 'Berlin hub'), uow));
    expect(pickedUp).toEqual([
      {
        type: 'ShipmentPickedUp',
        data: expect.objectContaining({
          shipmentId: 'OF-000005-1',
          carrier: 'ParcelNet',
          trackingNumber: parcel.trackingNumber,
          warehouseId: 'WH-BER',
          lines: [{ sku: 'MUG-RED', quantity: 2 }],
          location: 'Berlin hub',
          pickedUpAt: '2026-03-02T15:00:00.000Z',
        }),
      },
    ]);
    await run((uow) => trackParcel.handle(scanned(parcel, 'IN_TRANSIT', '2026-03-03T04:00:00.000Z', 'Leipzig hub'), uow));
    expect(await dueDateOf('OF-000005-1')).toBe('2026-03-09');
    const delivered = await run((uow) => trackParcel.handle(scanned(parcel, 'DELIVERED', '2026-03-04T11:20:00+01:00', 'Berlin'), uow));
    expect(delivered).toEqual([
      {
        type: 'ShipmentDelivered',
        data: expect.objectContaining({ promisedBy: '2026-03-09', deliveredAt: '2026-03-04T10:20:00.000Z', location: 'Berlin' }),
      },
    ]);

    const stream = await store.readStream(StreamIds.shipment('OF-000005-1'));
    expect(stream.map((e) => e.type)).toEqual(['ShipmentRequested', 'ShipmentBooked', 'ShipmentPickedUp', 'ShipmentInTransit', 'ShipmentDelivered']);
    expect(stream[3].data).toMatchObject({ status: 'IN_TRANSIT', location: 'Leipzig hub' });
    expect(await dueDateOf('OF-000005-1')).toBeUndefined();

    // A late duplicate scan changes nothing.
    expect(await run((uow) => trackParcel.handle(scanned(parcel, 'OUT_FOR_DELIVERY', '2026-03-04T08:00:00.000Z'), uow))).toEqual([]);
  });

  it('records the missed pick-up first when the parcel is scanned DELIVERED while only booked', async () => {
    await run((uow) => requestShipment.handle(stockAllocated('W-MISSED', [{ shipmentId: 'OF-000006-1' }], { promisedBy: '2026-03-09' }), uow));
    await run((uow) => bookCarrier.handle(packed('OF-000006-1', 2000), uow));
    const parcel = await bookingOf('OF-000006-1');
    await run((uow) => trackParcel.handle(scanned(parcel, 'DELIVERED', '2026-03-05T12:00:00.000Z', 'Berlin'), uow));
    const stream = await store.readStream(StreamIds.shipment('OF-000006-1'));
    expect(stream.map((e) => e.type)).toEqual(['ShipmentRequested', 'ShipmentBooked', 'ShipmentPickedUp', 'ShipmentDelivered']);
    expect(stream[2].data).toMatchObject({ pickedUpAt: '2026-03-05T12:00:00.000Z', warehouseId: 'WH-BER' });
  });

  it('refuses a scan of an unknown tracking number and the packing of an unknown shipment', async () => {
    await expect(
      run((uow) => trackParcel.handle(scanned({ carrier: 'ParcelNet', trackingNumber: 'PN9999999999' }, 'PICKED_UP', '2026-03-02T15:00:00.000Z'), uow)),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'unknown-tracking-number', message: expect.stringContaining('PN9999999999') });
    await expect(run((uow) => bookCarrier.handle(packed('OF-404404-1', 2000), uow))).rejects.toMatchObject({
      name: 'DomainError',
      code: 'unknown-shipment',
    });
    expect(await typesOf('OF-404404-1')).toEqual([]);
  });

  it('cancels released shipments not yet picked up, and records a pick-up the carrier made of a cancelled one anyway', async () => {
    const allocation = stockAllocated('W-CANCEL', [{ shipmentId: 'OF-000007-1' }, { shipmentId: 'OF-000007-2', warehouseId: 'WH-HAM' }], {
      promisedBy: '2026-03-09',
    });
    await run((uow) => requestShipment.handle(allocation, uow));
    await run((uow) => bookCarrier.handle(packed('OF-000007-1', 2000), uow));
    await run((uow) => bookCarrier.handle(packed('OF-000007-2', 2000), uow));
    const gone = await bookingOf('OF-000007-2');
    await run((uow) => trackParcel.handle(scanned(gone, 'PICKED_UP', '2026-03-02T15:00:00.000Z'), uow));

    const cancelled = await run((uow) =>
      cancelShipments.handle(
        {
          ...allocation,
          releasedShipments: ['OF-000007-2', 'OF-000007-1'],
          withdrawnBackorders: [],
          reason: 'order cancelled by the customer',
          releasedAt: '2026-03-02T16:00:00.000Z',
        },
        uow,
      ),
    );
    expect(cancelled).toEqual([
      { type: 'ShipmentCancelled', data: expect.objectContaining({ shipmentId: 'OF-000007-1', reason: 'order cancelled by the customer' }) },
    ]);
    expect(await typesOf('OF-000007-2')).toEqual(['ShipmentRequested', 'ShipmentBooked', 'ShipmentPickedUp']);
    expect(await dueDateOf('OF-000007-1')).toBeUndefined();
    expect(await dueDateOf('OF-000007-2')).toBe('2026-03-09');

    // The warehouse handed the cancelled parcel over anyway: the goods left, so shipping says so
    // (inventory ships the stock, order service and after-sales open the case) and follows the parcel.
    const booked = await bookingOf('OF-000007-1');
    const taken = await run((uow) => trackParcel.handle(scanned(booked, 'PICKED_UP', '2026-03-02T17:00:00.000Z', 'Berlin hub'), uow));
    expect(taken).toEqual([
      {
        type: 'ShipmentPickedUp',
        data: expect.objectContaining({ shipmentId: 'OF-000007-1', warehouseId: 'WH-BER', location: 'Berlin hub', pickedUpAt: '2026-03-02T17:00:00.000Z' }),
      },
    ]);
    expect(await run((uow) => trackParcel.handle(scanned(booked, 'PICKED_UP', '2026-03-02T17:00:00.000Z', 'Berlin hub'), uow))).toEqual([]);
    expect(await typesOf('OF-000007-1')).toEqual(['ShipmentRequested', 'ShipmentBooked', 'ShipmentCancelled', 'ShipmentPickedUp']);
    expect(await dueDateOf('OF-000007-1')).toBe('2026-03-09'); // watched for delays again
  });
});
