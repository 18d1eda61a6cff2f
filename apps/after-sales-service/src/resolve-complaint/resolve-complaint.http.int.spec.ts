import { EventStore } from '@orderflow/event-store';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, complaintSubmitted, confirmedOrder } from '../../test/fixtures';
import { ResolutionApp, startResolutionApp } from '../../test/resolution-app';

const now = new Date('2026-03-21T12:00:00.000Z');

describe('POST /complaints/:complaintId/resolution (real HTTP, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: ResolutionApp;
  const service = afterSales();

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
    app = await startResolutionApp(db, now);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function complaintAbout(externalOrderId: string): Promise<string> {
    await inUnitOfWork(db, (uow) => service.recordOrder.handle(confirmedOrder(externalOrderId), uow));
    const [opened] = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted(externalOrderId), uow));
    return (opened.data as { complaintId: string }).complaintId;
  }

  async function post(complaintId: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.baseUrl}/complaints/${complaintId}/resolution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...app.operator, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { message?: unknown; [field: string]: unknown } };
  }

  it('resolves with a goodwill refund: 200 with the events, recorded as the operator in the caller conversation', async () => {
    const complaintId = await complaintAbout('W-8001');

    const { status, body } = await post(
      complaintId,
      { resolution: 'Sorry, here is something back', goodwillRefundMinor: 500 },
      { 'x-correlation-id': 'ticket-4711' },
    );

    expect(status).toBe(200);
    expect(body).toEqual({
      complaintId,
      status: 'RESOLVED',
      events: [
        {
          type: 'ComplaintResolved',
          data: expect.objectContaining({ resolution: 'Sorry, here is something back', goodwillRefundMinor: 500, currency: 'EUR' }),
        },
        { type: 'RefundIssued', data: expect.objectContaining({ complaintId, amountMinor: 500, currency: 'EUR', reason: 'GOODWILL' }) },
      ],
    });
    const stored = await new EventStore(db.dataSource).readStream(`complaint-${complaintId}`);
    expect(stored.map((e) => e.type)).toEqual(['ComplaintOpened', 'ComplaintAcknowledged', 'ComplaintResolved', 'RefundIssued']);
    // The operator is the key that called, not a literal 'operator'.
    expect(stored[2].metadata).toMatchObject({ correlationId: 'ticket-4711', actor: expect.stringMatching(/^key:[0-9a-f]{12} \(operator "Olga Operator"\)$/) });
    expect(stored[2].data).toMatchObject({ resolvedAt: now.toISOString() });
  });

  it('answers 400 naming each bad field, what was expected and what arrived', async () => {
    const complaintId = await complaintAbout('W-8002');

    const { status, body } = await post(complaintId, { resolution: '', goodwillRefundMinor: -5 });

    expect(status).toBe(400);
    expect(body.message).toBe(
      'field "resolution": expected 1 to 2000 characters, got ""; field "goodwillRefundMinor": expected ≥ 0, got -5',
    );
    const missing = await post(complaintId, { goodwillRefundMinor: 2.5 });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe(
      'field "resolution": expected a string, got nothing; field "goodwillRefundMinor": expected an integer amount in minor units, got 2.5',
    );
    expect((await new EventStore(db.dataSource).readStream(`complaint-${complaintId}`)).map((e) => e.type)).not.toContain('ComplaintResolved');
  });

  it('answers 400 for a goodwill refund past the amount bound and for text PostgreSQL cannot store', async () => {
    const complaintId = await complaintAbout('W-8004');

    const { status, body } = await post(complaintId, { resolution: 'refund\u0000ed', goodwillRefundMinor: 1_000_000_000_001 });

    expect(status).toBe(400);
    expect(body.message).toMatch(/^field "resolution": contains a NUL character.*; field "goodwillRefundMinor": expected ≤ 1000000000000, got 1000000000001$/);
    expect((await new EventStore(db.dataSource).readStream(`complaint-${complaintId}`)).map((e) => e.type)).not.toContain('ComplaintResolved');
  });

  it('answers 400 without a stack trace for a body that is not JSON', async () => {
    const complaintId = await complaintAbout('W-8003');
    const { status, body } = await post(complaintId, '{"resolution": ');
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('JSON') });
    expect(JSON.stringify(body)).not.toMatch(/ at |node_modules/);
  });

  it('answers 404 for an unknown complaint', async () => {
    const { status, body } = await post('CMP-999999', { resolution: 'Done' });
    expect(status).toBe(404);
    expect(body.message).toBe('complaint CMP-999999 does not exist');
  });

  it('answers 409 when the complaint is already resolved', async () => {
    const complaintId = await complaintAbout('W-8004');
    expect((await post(complaintId, { resolution: 'Done' })).status).toBe(200);

    const { status, body } = await post(complaintId, { resolution: 'Done again' });
    expect(status).toBe(409);
    expect(body.message).toBe(`complaint ${complaintId} is already resolved`);
  });

  it('answers 422 for a goodwill refund on an order it does not know', async () => {
    const [opened] = await inUnitOfWork(db, (uow) => service.fileComplaint.handle(complaintSubmitted('W-UNKNOWN'), uow));
    const complaintId = (opened.data as { complaintId: string }).complaintId;

    const { status, body } = await post(complaintId, { resolution: 'Refund', goodwillRefundMinor: 500 });
    expect(status).toBe(422);
    expect(body.message).toMatch(/order W-UNKNOWN of channel "webshop" is unknown/);
  });
});
