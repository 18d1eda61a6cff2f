import { orderIdFor } from '@orderflow/contracts';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, complaintSubmitted, streamOf } from '../../test/fixtures';

describe('file a complaint (real PostgreSQL)', () => {
  let db: TestDatabase;
  const service = afterSales();
  const now = new Date('2026-03-20T10:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('opens the complaint and acknowledges it with the SLA deadline of its category', async () => {
    const [opened] = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted('W-5001'), uow), { now });
    const complaintId = (opened.data as { complaintId: string }).complaintId;
    expect(complaintId).toMatch(/^CMP-\d{6}$/);

    const ref = { complaintId, orderId: orderIdFor('webshop', 'W-5001'), channel: 'webshop', externalOrderId: 'W-5001' };
    expect(await streamOf(db, `complaint-${complaintId}`)).toEqual([
      {
        type: 'ComplaintOpened',
        data: { ...ref, category: 'DAMAGED_GOODS', message: 'The mug arrived broken', source: 'CUSTOMER', openedAt: now.toISOString() },
      },
      { type: 'ComplaintAcknowledged', data: { ...ref, resolveBy: '2026-03-23T10:00:00.000Z', acknowledgedAt: now.toISOString() } },
    ]);
  });

  it('gives every complaint its own id, and a category with its own SLA its own deadline', async () => {
    const first = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted('W-5002'), uow), { now });
    const second = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted('W-5002', 'DELIVERY_FAILED'), uow), {
      now,
    });
    expect(second[0].data).not.toMatchObject({ complaintId: (first[0].data as { complaintId: string }).complaintId });
    expect(second[1]).toMatchObject({ type: 'ComplaintAcknowledged', data: { resolveBy: '2026-03-21T10:00:00.000Z' } });
  });

  // Categories are looked up in the COMPLAINT_SLA_HOURS configuration: a plain object's inherited
  // members must not pass for categories.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'handles a complaint of category "%s" like any unconfigured category: the default SLA',
    async (category) => {
      const events = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted('W-5003', category), uow), { now });
      expect(events.map((e) => e.type)).toEqual(['ComplaintOpened', 'ComplaintAcknowledged']);
      expect(events[0].data).toMatchObject({ category });
      expect(events[1].data).toMatchObject({ resolveBy: '2026-03-23T10:00:00.000Z' });
    },
  );
});
