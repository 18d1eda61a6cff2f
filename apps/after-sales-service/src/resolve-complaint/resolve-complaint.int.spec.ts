import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, complaintSubmitted, confirmedOrder, streamOf } from '../../test/fixtures';

describe('resolve a complaint (real PostgreSQL)', () => {
  let db: TestDatabase;
  const service = afterSales();
  const resolvedAt = new Date('2026-03-21T12:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function complaintAbout(externalOrderId: string, { orderKnown = true } = {}): Promise<string> {
    if (orderKnown) await inUnitOfWork(db, (uow) => service.recordOrder.handle(confirmedOrder(externalOrderId), uow));
    const [opened] = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted(externalOrderId), uow));
    return (opened.data as { complaintId: string }).complaintId;
  }

  const resolve = (complaintId: string, request: { resolution: string; goodwillRefundMinor?: number }) =>
    inUnitOfWork(db, (uow) => service.resolveComplaint.handle(complaintId, request, uow), { now: resolvedAt, actor: 'operator' });

  it('resolves a complaint without a refund', async () => {
    const complaintId = await complaintAbout('W-7001');
    await resolve(complaintId, { resolution: 'Explained the care instructions' });

    const events = await streamOf(db, `complaint-${complaintId}`);
    expect(events.map((e) => e.type)).toEqual(['ComplaintOpened', 'ComplaintAcknowledged', 'ComplaintResolved']);
    expect(events[2].data).toMatchObject({ resolution: 'Explained the care instructions', resolvedAt: resolvedAt.toISOString() });
    expect(events[2].data).not.toHaveProperty('goodwillRefundMinor');
  });

  it('resolves with a goodwill refund in the order currency', async () => {
    const complaintId = await complaintAbout('W-7002');
    await resolve(complaintId, { resolution: 'Sorry, here is something back', goodwillRefundMinor: 500 });

    const [, , resolved, refund] = await streamOf(db, `complaint-${complaintId}`);
    expect(resolved).toMatchObject({ type: 'ComplaintResolved', data: { goodwillRefundMinor: 500, currency: 'EUR' } });
    expect(refund).toMatchObject({
      type: 'RefundIssued',
      data: { complaintId, externalOrderId: 'W-7002', amountMinor: 500, currency: 'EUR', reason: 'GOODWILL' },
    });
  });

  it('refuses a goodwill refund for an order it does not know, and a second resolution', async () => {
    const unknownOrder = await complaintAbout('W-7003', { orderKnown: false });
    await expect(resolve(unknownOrder, { resolution: 'Refund', goodwillRefundMinor: 500 })).rejects.toMatchObject({ code: 'unknown-order' });
    expect(await streamOf(db, `complaint-${unknownOrder}`)).toHaveLength(2);

    await resolve(unknownOrder, { resolution: 'Closed without refund' });
    await expect(resolve(unknownOrder, { resolution: 'Again' })).rejects.toMatchObject({ code: 'already-resolved' });
    expect(await streamOf(db, `complaint-${unknownOrder}`)).toHaveLength(3);
  });
});
