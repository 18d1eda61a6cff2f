import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter } from '../test/order-history';
import { expectedTrends, ReportHistory, writeReportHistory } from '../test/report-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ORDERS = 400;

/**
 * GET /reports/trends over four weeks of hundreds of orders: each SKU's units in the window against
 * the window before, with the change, the relative change and both ranks, exactly as the events
 * say, for `window=` and for from/to, ranked either way; and the units are the sales report's.
 */
describe('the trends report (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let history: ReportHistory;
  let api: QueryApp;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    history = writeReportHistory(writer, { orders: ORDERS, erasedCustomer: { name: 'Erin Plain', email: 'erin@example.com' } });
    await writer.flush();
    api = await startQueryApp(db, { QUERY_PROJECTOR_BATCH_SIZE: '97', API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
  });

  afterAll(async () => {
    for (const name of ['QUERY_PROJECTOR_BATCH_SIZE', 'API_RATE_LIMIT_PER_SECOND']) delete process.env[name];
    await api?.close();
    await db?.drop();
  });

  const trends = async (params: Record<string, string>) => {
    const res = await api.get(`/reports/trends?${new URLSearchParams(params)}`);
    expect([params, res.status]).toEqual([params, 200]);
    return res.body;
  };

  it('ranks the SKUs of the last 7 days against the 7 before, by change and by relative change, with every figure', async () => {
    const to = new Date(history.day(28));
    const from = new Date(history.day(21));
    for (const rankBy of ['change', 'relative'] as const) {
      for (const limit of [3, 100]) {
        const body = await trends({ window: '7d', to: history.day(28), rankBy, limit: String(limit) });
        const expected = expectedTrends(writer, from, to, rankBy, limit);
        expect(body).toEqual({ from: from.toISOString(), to: to.toISOString(), days: 7, rankBy, ...expected });
      }
    }
    const { rising, falling, totals } = await trends({ window: '7d', to: history.day(28), limit: '100' });
    // Lamps took off in the last week, pens dropped: first by units either way.
    expect(rising[0]).toMatchObject({ sku: 'LAMP', category: 'lighting', rankByChange: 1 });
    expect(falling[0]).toMatchObject({ sku: 'PEN', category: 'office', rankByChange: 1 });
    expect(rising.length + falling.length + totals.unchanged).toBe(9);
    expect(rising.length).toBeGreaterThanOrEqual(2);
    expect(falling.length).toBeGreaterThanOrEqual(2);
    // The rankings disagree: the gift box gained few units, but a large share.
    const rank = (sku: string) => (rising as D[]).find((r) => r.sku === sku)!;
    expect(rank('GIFT')).toMatchObject({ category: 'uncategorised', previousUnits: 1, units: 3, change: 2, relativeChange: 2 });
    expect(rank('GIFT').rankByRelativeChange).toBeLessThan(rank('GIFT').rankByChange);
  });

  it('compares any from/to with the stretch of equal length before it', async () => {
    const from = `${history.day(7)}T06:00:00.000Z`;
    const to = `${history.day(19)}T18:00:00.000Z`;
    const body = await trends({ from, to, rankBy: 'relative', limit: '100' });
    expect(body).toEqual({ from, to, days: 12.5, rankBy: 'relative', ...expectedTrends(writer, new Date(from), new Date(to), 'relative', 100) });
    expect(body.previousFrom).toBe(`${history.day(-6)}T18:00:00.000Z`);
    // Orders from the start of the history on: some SKUs are new in the window, ranked first by relative change.
    const fresh = (await trends({ window: '3d', to: `${history.day(1)}T12:00:00.000Z`, rankBy: 'relative', limit: '100' })).rising as D[];
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((r) => r.previousUnits === 0 && r.relativeChange === null)).toBe(true);
  });

  it("counts the units the sales report counts, in both windows", async () => {
    const body = await trends({ window: '14d', to: history.day(28), limit: '100' });
    const units = async (from: string, to: string) => {
      const sales = (await api.get(`/reports/sales?groupBy=sku&from=${from}&to=${to}`)).body.groups as D[];
      const bySku = new Map<string, number>();
      for (const g of sales) bySku.set(g.key, (bySku.get(g.key) ?? 0) + g.units);
      return bySku;
    };
    const now = await units(history.day(14), history.day(28));
    const before = await units(history.day(0), history.day(14));
    for (const row of [...body.rising, ...body.falling] as D[]) {
      expect([row.sku, row.units, row.previousUnits]).toEqual([row.sku, now.get(row.sku) ?? 0, before.get(row.sku) ?? 0]);
    }
    expect(body.totals.units).toBe([...now.values()].reduce((a, b) => a + b, 0));
  });

  it('refuses a bad window naming the parameter', async () => {
    for (const [params, parameter, expected] of [
      [{ window: '7' }, 'window', /7d or 28d/],
      [{ window: '0d' }, 'window', /7d or 28d/],
      [{ window: '400d' }, 'window', /at most 366 days/],
      [{ window: '7d', from: history.day(3) }, 'window', /either window or from/],
      [{ rankBy: 'fastest' }, 'rankBy', /one of change, relative/],
      [{ limit: '101' }, 'limit', /1 to 100/],
    ] as const) {
      const { status, body } = await api.get(`/reports/trends?${new URLSearchParams(params)}`);
      expect([params, status, body.problems?.[0]?.parameter]).toEqual([params, 400, parameter]);
      expect(body.problems[0].expected).toMatch(expected);
    }
  });
});
