import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, complaintSubmitted, confirmedOrder, parcelReceived, returnRequested, shipmentDelivered, streamOf } from '../../test/fixtures';
import { ResolutionApp, startResolutionApp } from '../../test/resolution-app';

/** confirmedOrder: 2 × 12.50 + 3 × 8.99 EUR. */
const PAID = 2 * 1250 + 3 * 899;

describe('goodwill refunds are capped at what is left to refund of the order (real HTTP, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: ResolutionApp;
  const service = afterSales();

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
    app = await startResolutionApp(db, new Date('2026-03-21T12:00:00.000Z'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const recordOrder = (externalOrderId: string) => inUnitOfWork(db, (uow) => service.recordOrder.handle(confirmedOrder(externalOrderId), uow));

  async function fileComplaint(externalOrderId: string): Promise<string> {
    const [opened] = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted(externalOrderId), uow));
    return (opened.data as { complaintId: string }).complaintId;
  }

  async function resolve(complaintId: string, goodwillRefundMinor: number) {
    const response = await fetch(`${app.baseUrl}/complaints/${complaintId}/resolution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...app.operator },
      body: JSON.stringify({ resolution: 'Sorry for the trouble', goodwillRefundMinor }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const refundsIn = async (complaintIds: string[]) =>
    (await Promise.all(complaintIds.map((id) => streamOf(db, `complaint-${id}`))))
      .flat()
      .filter((e) => e.type === 'RefundIssued')
      .map((e) => (e.data as { amountMinor: number }).amountMinor);

  it('refuses a goodwill refund above what was paid with 422 naming goodwillRefundMinor and what can still be refunded, and accepts all of it', async () => {
    await recordOrder('W-9001');
    const complaintId = await fileComplaint('W-9001');

    const { status, body } = await resolve(complaintId, PAID + 1);

    expect(status).toBe(422);
    expect(body).toMatchObject({ field: 'goodwillRefundMinor', refundableMinor: PAID, paidMinor: PAID, refundedMinor: 0, currency: 'EUR' });
    expect(body.message).toBe(
      `field "goodwillRefundMinor": expected at most ${PAID}, what is left to refund of order W-9001 ` +
        `(${PAID} paid, 0 already refunded, EUR), got ${PAID + 1}`,
    );
    expect((await streamOf(db, `complaint-${complaintId}`)).map((e) => e.type)).toEqual(['ComplaintOpened', 'ComplaintAcknowledged']);

    expect((await resolve(complaintId, PAID)).status).toBe(200);
    expect(await refundsIn([complaintId])).toEqual([PAID]);
  });

  it('counts what returns and earlier goodwill on other complaints of the order already refunded', async () => {
    await recordOrder('W-9003');
    await inUnitOfWork(db, (uow) =>
      service.recordDelivery.handle(shipmentDelivered('W-9003', [{ sku: 'MUG-RED', quantity: 2 }, { sku: 'TEA-GREEN', quantity: 3 }]), uow),
    );
    const [authorized] = await inUnitOfWork(db, (uow) => service.requestReturn.handle(returnRequested('W-9003', [{ sku: 'MUG-RED', quantity: 2 }]), uow), {
      now: new Date('2026-03-10T10:00:00.000Z'),
    });
    const rmaNumber = (authorized.data as { rmaNumber: string }).rmaNumber;
    await inUnitOfWork(db, (uow) => service.receiveParcel.handle(parcelReceived(rmaNumber, [{ sku: 'MUG-RED', quantity: 2, condition: 'RESELLABLE' }]), uow));
    const first = await fileComplaint('W-9003');
    expect((await resolve(first, 1000)).status).toBe(200);
    const left = PAID - 2 * 1250 - 1000;

    const second = await fileComplaint('W-9003');
    const refused = await resolve(second, left + 1);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'goodwillRefundMinor', refundableMinor: left, paidMinor: PAID, refundedMinor: 2 * 1250 + 1000 });
    expect(refused.body.message).toMatch(new RegExp(`expected at most ${left},.*\\(${PAID} paid, ${2 * 1250 + 1000} already refunded, EUR\\), got ${left + 1}$`));

    expect((await resolve(second, left)).status).toBe(200);
    const third = await fileComplaint('W-9003');
    expect((await resolve(third, 1)).body).toMatchObject({ statusCode: 422, refundableMinor: 0 });
    expect((await resolve(third, 0)).status).toBe(200);
  });

  it('lets concurrent resolutions of complaints of one order refund no more than was paid together', async () => {
    const orders = ['W-9101', 'W-9102', 'W-9103', 'W-9104', 'W-9105', 'W-9106'];
    const complaints = new Map<string, string[]>();
    for (const order of orders) {
      await recordOrder(order);
      complaints.set(order, [await fileComplaint(order), await fileComplaint(order), await fileComplaint(order)]);
    }

    // 3 × 2000 each: any two fit in what was paid (5197), all three do not.
    const answers = await Promise.all(
      orders.flatMap((order) => complaints.get(order)!.map(async (id) => ({ order, ...(await resolve(id, 2000)) }))),
    );

    for (const order of orders) {
      const mine = answers.filter((a) => a.order === order);
      expect([order, mine.map((a) => a.status).sort()]).toEqual([order, [200, 200, 422]]);
      expect([order, await refundsIn(complaints.get(order)!)]).toEqual([order, [2000, 2000]]);
      expect(mine.find((a) => a.status === 422)!.body).toMatchObject({ refundableMinor: PAID - 4000, refundedMinor: 4000 });
    }
  });
});
