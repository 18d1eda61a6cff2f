import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter, writeRealisticHistory } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = Awaited<ReturnType<QueryApp['get']>>;

describe('expensive reads are bounded: report windows and minPosition waits (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let head: number;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    const writer = new HistoryWriter(db.dataSource);
    writeRealisticHistory(writer);
    await writer.flush();
    api = await startQueryApp(db, { QUERY_MIN_POSITION_TIMEOUT_MS: '3000', QUERY_MIN_POSITION_MAX_WAITERS: '2', QUERY_REPORT_MAX_DAYS: '366' });
    await api.caughtUp();
    head = Math.max(...writer.log.map((e) => e.position));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('report windows', () => {
    it.each(['sales', 'fulfillment', 'after-sales'])('GET /reports/%s over more than 366 days is a 400 naming "from"', async (report) => {
      const { status, body } = await api.get(`/reports/${report}?from=2024-01-01&to=2025-06-01`);
      expect(status).toBe(400);
      expect(body.problems).toEqual([
        {
          parameter: 'from',
          in: 'query',
          expected: 'expected a window of at most 366 days: no earlier than 2024-05-31T00:00:00.000Z (366 days before "to")',
          received: '2024-01-01',
        },
      ]);
      expect(body.message).toContain('query parameter "from"');
    });

    it('refuses a "from" more than 366 days before now when "to" is left out, and answers a window of exactly 366 days', async () => {
      const twoYearsAgo = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString();
      const refused = await api.get(`/reports/sales?from=${twoYearsAgo}`);
      expect(refused.status).toBe(400);
      expect(refused.body.problems).toEqual([expect.objectContaining({ parameter: 'from', received: twoYearsAgo })]);

      const longest = await api.get('/reports/sales?from=2025-06-01&to=2026-06-02');
      expect(longest.status).toBe(200);
      expect(longest.body).toMatchObject({ from: '2025-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' });
    });

    it('reports the 7 days before "to" (by default now) when no window is given', async () => {
      const before = Date.now();
      const { body } = await api.get('/reports/after-sales');
      expect(Date.parse(body.to)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 86_400_000);
      const fromTo = (await api.get('/reports/fulfillment?to=2026-03-10')).body;
      expect(fromTo).toMatchObject({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' });
    });
  });

  describe('minPosition waits', () => {
    const farAhead = () => head + 1_000_000_000;

    it('answers a wait for a position far ahead by its deadline even while the database does not answer', async () => {
      const su = await adminClient(db);
      try {
        await su.query('BEGIN');
        await su.query('LOCK TABLE checkpoints IN ACCESS EXCLUSIVE MODE');

        const { status, body, headers } = await api.get(`/orders?minPosition=${farAhead()}`);

        expect(status).toBe(503);
        expect(headers.get('retry-after')).toBe('1');
        expect(body).toMatchObject({ statusCode: 503, requestedPosition: farAhead() });
        expect(body.message).toBe(
          `could not learn within 3000 ms whether the orders reflects position ${farAhead()}: the database did not answer in time; retry`,
        );
      } finally {
        await su.query('ROLLBACK');
        await su.end();
      }
      const after = await api.get(`/orders?minPosition=${head}`);
      expect(after.status).toBe(200);
    });

    it('lets 2 requests wait at once and answers the others 503 with Retry-After, while reads already reflected are answered', async () => {
      let firstRefusal!: () => void;
      const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
      const flood = Array.from({ length: 6 }, () =>
        api.get(`/inventory/MUG-RED?minPosition=${farAhead()}`).then((answer: Answer) => {
          if (answer.status === 503) firstRefusal();
          return answer;
        }),
      );
      await Promise.race([refused, Promise.all(flood)]);

      const reflected = await api.get(`/inventory/MUG-RED?minPosition=${head}`);
      expect(reflected.status).toBe(200);

      const answers = await Promise.all(flood);
      expect(answers.map((a) => a.status).sort()).toEqual([409, 409, 503, 503, 503, 503]);
      for (const busy of answers.filter((a) => a.status === 503)) {
        expect(busy.headers.get('retry-after')).toBe('3');
        expect(busy.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', requestedPosition: farAhead() });
        expect(busy.body.message).toMatch(/^2 requests are already waiting for a position to be reflected/);
      }
      const waited = answers.find((a) => a.status === 409)!.body as D;
      expect(waited).toMatchObject({ projection: 'inventory', requestedPosition: farAhead() });
      expect(waited.projectionPosition).toBeGreaterThanOrEqual(head);

      const again = await api.get(`/inventory/MUG-RED?minPosition=${farAhead()}`);
      expect(again.status).toBe(409);
    });
  });
});
