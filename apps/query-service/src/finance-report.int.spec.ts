import { Client } from 'pg';
import { PAYMENT_TABLES, rebuildProjection } from '@orderflow/projections';
import { adminClient, bearer, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { expectedFinance } from '../test/finance-expectations';
import { HistoryWriter } from '../test/order-history';
import { PaymentHistory, writePaymentHistory } from '../test/payment-history';
import { queryMigrations } from './infrastructure/migrations';
import { FinanceQueries } from './reports/finance-queries';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ORDERS = 360;

/**
 * Payments on the read side, over a realistic history of hundreds of orders with payments (two
 * channels, EUR and JPY, every payment mode, failures and refunds of every kind), projected by the
 * live projectors in small batches: the order documents' payment mode, payments and refund
 * statuses, and the finance report, whose figures must equal the sums computed here from the
 * appended events, per group and in totals, and which a rebuild must reproduce row for row.
 */
describe('payments in the query API: order documents and the finance report (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let history: PaymentHistory;
  let api: QueryApp;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    history = writePaymentHistory(writer, { orders: ORDERS });
    await writer.flush();
    // Small batches: an invoice and its cancellation, a refund and its settlement, land in different batches.
    // The spec reads every order, far above a client's rate: it must not be throttled.
    api = await startQueryApp(db, { QUERY_PROJECTOR_BATCH_SIZE: '64', API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
    su = await adminClient(db);
  });

  afterAll(async () => {
    delete process.env.QUERY_PROJECTOR_BATCH_SIZE;
    delete process.env.API_RATE_LIMIT_PER_SECOND;
    await su?.end();
    await api?.close();
    await db?.drop();
  });

  const finance = async (params: Record<string, string>) => {
    const res = await api.get(`/reports/finance?${new URLSearchParams(params)}`);
    expect([params, res.status]).toEqual([params, 200]);
    return res;
  };
  const sumOf = (type: string, pick: (d: D) => boolean) =>
    writer.log.filter((e) => e.type === type && pick(e.data)).reduce((n, e) => n + (e.data.amountMinor as number), 0);

  it("shows every order's payment mode, its payments with what was authorised, captured and refunded, and each refund's status", async () => {
    const seen = { modes: new Set<string>(), payments: new Set<string>(), refunds: new Set<string>() };
    for (const story of history.stories) {
      const { status, body } = await api.get(`/orders/${story.order.orderId}`);
      expect(status).toBe(200);
      expect([story.order.spec.externalOrderId, body.paymentMode]).toEqual([story.order.spec.externalOrderId, story.mode]);
      expect(Object.fromEntries(body.payments.map((p: D) => [p.paymentId, p.status]))).toEqual(story.payments);
      for (const p of body.payments as D[]) {
        const mine = (d: D) => d.paymentId === p.paymentId;
        expect(p).toMatchObject({
          currency: story.order.spec.currency,
          authorizedMinor: sumOf('OrderPaymentAuthorized', mine),
          capturedMinor: sumOf('OrderPaymentCaptured', mine),
          refundedMinor: sumOf('OrderRefundSettled', mine),
        });
        seen.payments.add(p.status);
      }
      expect(Object.fromEntries(body.refunds.map((r: D) => [r.refundId, r.status]))).toEqual(story.refunds);
      for (const r of body.refunds as D[]) seen.refunds.add(`${r.reason} ${r.status}`);
      seen.modes.add(body.paymentMode);
    }
    // The history holds every case the document distinguishes.
    expect([...seen.modes].sort()).toEqual(['authorize-capture', 'invoice', 'prepaid']);
    expect([...seen.payments].sort()).toEqual(['AUTHORIZATION_FAILED', 'AUTHORIZATION_REQUESTED', 'CAPTURED', 'CAPTURE_FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
    expect([...seen.refunds].sort()).toEqual(['CANCELLATION SETTLED', 'GOODWILL FAILED', 'GOODWILL SETTLED', 'RETURN SETTLED']);

    // A capped refund: the decision keeps its amount, the request says what was asked and settled.
    const capped = writer.ofType('OrderRefundRequested').find((e) => e.data.decidedMinor !== undefined)!;
    const { body } = await api.get(`/orders/${capped.data.orderId}`);
    expect(body.refunds.find((r: D) => r.refundId === capped.data.refundId)).toMatchObject({
      amountMinor: capped.data.decidedMinor,
      requestedMinor: 500,
      settledMinor: 500,
      status: 'SETTLED',
    });
  });

  it("the finance report's figures are the sums of the payment events, per group and in totals, for every grouping, window and filter", async () => {
    const windows = [
      { from: history.day(0), to: history.day(14) },
      { from: `${history.day(3)}T06:00:00.000Z`, to: history.day(7) },
    ];
    const filters: { currency?: string; channel?: string }[] = [{}, { currency: 'JPY' }, { channel: 'marketplace' }, { currency: 'EUR', channel: 'webshop' }];
    const projections = (await api.get('/projections')).body.projections as D[];
    const reached = projections.find((p) => p.name === 'payments')!.checkpoint.position;
    expect(reached).toBeGreaterThanOrEqual(writer.log[writer.log.length - 1].position);
    for (const window of windows) {
      for (const groupBy of ['day', 'channel', 'currency'] as const) {
        for (const filter of filters) {
          const { body, headers } = await finance({ ...window, groupBy, ...filter });
          const expected = expectedFinance(writer, { from: new Date(window.from), to: new Date(window.to), groupBy, ...filter });
          const what = { ...window, groupBy, ...filter };
          expect([what, body.rows]).toEqual([what, expected.rows]);
          expect([what, body.totalsByCurrency]).toEqual([what, expected.totalsByCurrency]);
          const failed = expected.totalsByCurrency.reduce((n, t) => n + t.failedPayments, 0);
          expect([what, body.totals]).toEqual([
            what,
            expected.totalsByCurrency.length === 1
              ? expected.totalsByCurrency[0]
              : { currency: null, authorizedMinor: null, capturedMinor: null, refundedMinor: null, outstandingMinor: null, failedPayments: failed },
          ]);
          expect(body).toMatchObject({ groupBy, currency: filter.currency ?? null, channel: filter.channel ?? null });
          expect(Number(headers.get('x-projection-position'))).toBe(reached);
        }
      }
    }

    // Not a report of zeros: the whole window holds every figure, in both currencies, in every row of the day grouping.
    const all = expectedFinance(writer, { from: new Date(history.day(0)), to: new Date(history.day(14)), groupBy: 'day' });
    expect(all.totalsByCurrency.map((t) => t.currency)).toEqual(['EUR', 'JPY']);
    for (const t of all.totalsByCurrency) {
      for (const figure of ['authorizedMinor', 'capturedMinor', 'refundedMinor', 'outstandingMinor', 'failedPayments'] as const) expect([t.currency, figure, t[figure] > 0]).toEqual([t.currency, figure, true]);
    }
    expect(all.rows.length).toBeGreaterThanOrEqual(20);
  });

  it('reconciles with the order documents to the minor unit: what they say was authorised, captured and refunded is what the report sums', async () => {
    const docs: D[] = [];
    for (const s of history.stories) docs.push((await api.get(`/orders/${s.order.orderId}`)).body);
    const { body } = await finance({ from: history.day(0), to: history.day(14), groupBy: 'currency' });
    for (const t of body.totalsByCurrency as D[]) {
      const payments = docs.flatMap((d) => d.payments as D[]).filter((p) => p.currency === t.currency);
      const sum = (field: string) => payments.reduce((n, p) => n + p[field], 0);
      expect({ currency: t.currency, authorized: sum('authorizedMinor'), captured: sum('capturedMinor'), refunded: sum('refundedMinor') }).toEqual({
        currency: t.currency,
        authorized: t.authorizedMinor,
        captured: t.capturedMinor,
        refunded: t.refundedMinor,
      });
      // Invoices still owed: confirmed invoice orders not cancelled, less what was credited against them.
      const owed = docs
        .filter((d) => d.paymentMode === 'invoice' && d.currency === t.currency && d.status !== 'CANCELLED')
        .reduce((n, d) => n + d.totalMinor - (d.refunds as D[]).filter((r) => r.status === 'SETTLED').reduce((m, r) => m + r.settledMinor, 0), 0);
      expect([t.currency, t.outstandingMinor]).toEqual([t.currency, owed]);
    }
  });

  it('validates its parameters, naming the one at fault, and is for the roles that read reports', async () => {
    for (const [query, parameter] of [
      ['groupBy=sku', 'groupBy'],
      ['currency=EURO', 'currency'],
      ['currency=XYZ', 'currency'],
      ['channel=', 'channel'],
      ['from=1970-01-01', 'from'],
      ['merchant=x', 'merchant'],
    ]) {
      const res = await api.get(`/reports/finance?${query}`);
      expect([query, res.status, res.body.problems?.[0]?.parameter]).toEqual([query, 400, parameter]);
    }
    expect((await api.get('/reports/finance', bearer(await api.key('operator')))).status).toBe(200);
    for (const [role, scope] of [['channel', { channel: 'webshop' }], ['admin', {}], ['warehouse', { warehouse: '*' }]] as const) {
      const res = await api.get('/reports/finance', bearer(await api.key(role, scope)));
      expect([role, res.status, res.body.missing]).toEqual([role, 403, 'reports:read']);
    }
  });

  it("holds a channel's view to its own channel, whatever it filters on", async () => {
    const queries = new FinanceQueries(db.dataSource);
    const window = { from: new Date(history.day(0)), to: new Date(history.day(14)) };
    const own = await queries.finance(window, { groupBy: 'channel', onlyChannel: 'webshop' });
    expect(own.body.rows.map((r) => r.key)).toEqual(['webshop', 'webshop']);
    expect(own.body.rows).toEqual(expectedFinance(writer, { ...window, groupBy: 'channel', channel: 'webshop' }).rows);
    const other = await queries.finance(window, { groupBy: 'channel', onlyChannel: 'webshop', channel: 'marketplace' });
    expect(other.body.rows).toEqual([]);
    expect(other.body.totals).toEqual({ currency: null, authorizedMinor: 0, capturedMinor: 0, refundedMinor: 0, outstandingMinor: 0, failedPayments: 0 });
  });

  it('a rebuild of every projection in small batches equals the live tables row for row, the ledger and the order documents with their payments', async () => {
    const tables = [...PAYMENT_TABLES, 'orders', 'order_refunds'];
    await su.query(`DROP SCHEMA IF EXISTS live_copy CASCADE`);
    await su.query(`CREATE SCHEMA live_copy`);
    for (const t of tables) await su.query(`CREATE TABLE live_copy.${t} AS TABLE query.${t}`);
    const indexes = `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'query' ORDER BY indexname`;
    const indexesBefore = (await su.query(indexes)).rows;
    const results = await rebuildProjection(db.dataSource, 'all', undefined, { batchSize: 97 });
    expect(results.find((r) => r.projection === 'payments')!.rows.payment_ledger).toBeGreaterThan(ORDERS * 2);
    expect((await su.query(indexes)).rows).toEqual(indexesBefore);
    for (const t of tables) {
      const [row] = (
        await su.query(`
          SELECT (SELECT count(*) FROM query.${t})::int AS rows,
                 (SELECT count(*) FROM ((TABLE live_copy.${t} EXCEPT ALL TABLE query.${t})
                                        UNION ALL (TABLE query.${t} EXCEPT ALL TABLE live_copy.${t})) d)::int AS differing`)
      ).rows as { rows: number; differing: number }[];
      expect({ table: t, differing: row.differing, some: row.rows > 0 }).toEqual({ table: t, differing: 0, some: true });
    }
  });
});
