import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, deliveryFailed, shippedAfterCancellation, streamOf } from '../../test/fixtures';

describe('open a delivery case (real PostgreSQL)', () => {
  let db: TestDatabase;
  const service = afterSales();
  const now = new Date('2026-03-04T16:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const complaintIdOf = (events: { data: unknown }[]) => (events[0].data as { complaintId: string }).complaintId;

  it('opens a CARRIER case for a failed delivery, naming carrier, tracking number and location, due within a day', async () => {
    const failure = deliveryFailed('W-6001', 'OF-000061-1', 'Berlin DC');
    const events = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'DELIVERY_FAILED', shipment: failure }, uow), {
      now,
    });

    expect(await streamOf(db, `complaint-${complaintIdOf(events)}`)).toMatchObject([
      {
        type: 'ComplaintOpened',
        data: {
          orderId: failure.orderId,
          externalOrderId: 'W-6001',
          category: 'DELIVERY_FAILED',
          source: 'CARRIER',
          shipmentId: 'OF-000061-1',
          message: 'ParcelNet could not deliver shipment OF-000061-1 (ParcelNet, tracking number PN-OF-000061-1) at Berlin DC',
        },
      },
      { type: 'ComplaintAcknowledged', data: { resolveBy: '2026-03-05T16:00:00.000Z' } },
    ]);
  });

  it('opens a case when a carrier took a shipment after the order was cancelled, once per shipment', async () => {
    const taken = shippedAfterCancellation('W-6003', 'OF-000063-1');
    const events = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'SHIPPED_AFTER_CANCELLATION', shipment: taken }, uow), {
      now,
    });
    expect(await streamOf(db, `complaint-${complaintIdOf(events)}`)).toMatchObject([
      {
        type: 'ComplaintOpened',
        data: {
          orderId: taken.orderId,
          category: 'SHIPPED_AFTER_CANCELLATION',
          source: 'CARRIER',
          shipmentId: 'OF-000063-1',
          message:
            'ParcelNet picked up shipment OF-000063-1 (ParcelNet, tracking number PN-OF-000063-1) after order W-6003 had been cancelled: ' +
            'its goods left although the order is cancelled',
        },
      },
      { type: 'ComplaintAcknowledged', data: { resolveBy: '2026-03-05T16:00:00.000Z' } },
    ]);
    const again = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'SHIPPED_AFTER_CANCELLATION', shipment: taken }, uow), {
      now,
    });
    expect(again).toEqual([]);
  });

  it('opens one case per shipment and problem, whatever the purpose of the shipment', async () => {
    const failure = deliveryFailed('W-6002', 'OF-000062-1');
    const first = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'DELIVERY_FAILED', shipment: failure }, uow), { now });
    const again = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'DELIVERY_FAILED', shipment: failure }, uow), { now });
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);

    const returned = { ...failure, purpose: 'EXCHANGE' as const, returnedAt: now.toISOString() };
    const events = await inUnitOfWork(db, (uow) => service.openDeliveryCase.handle({ kind: 'RETURNED_TO_SENDER', shipment: returned }, uow), {
      now,
    });
    expect(events[0]).toMatchObject({
      type: 'ComplaintOpened',
      data: {
        category: 'RETURNED_TO_SENDER',
        source: 'CARRIER',
        message: 'ParcelNet returned shipment OF-000062-1 (ParcelNet, tracking number PN-OF-000062-1) to the sender at an unreported location',
      },
    });
    expect(complaintIdOf(events)).not.toBe(complaintIdOf(first));
  });
});
