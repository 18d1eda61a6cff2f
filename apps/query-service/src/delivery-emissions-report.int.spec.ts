import { Client } from 'pg';
import { REPORT_TABLES, rebuildProjection } from '@orderflow/projections';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter } from '../test/order-history';
import { expectedEmissions, ReportHistory, writeReportHistory } from '../test/report-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ORDERS = 400;

/**
 * GET /reports/delivery-emissions over hundreds of shipments of three warehouses and three carriers
 * (one without a CO₂ factor), measured by their booking, by their request only, or not at all, some
 * cancelled after booking: every row and total equals the reckoning from the events, for every
 * grouping and window, and a rebuild of the reports projection reproduces its tables row for row.
 */
describe('the delivery emissions report (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let history: ReportHistory;
  let api: QueryApp;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    history = writeReportHistory(writer, { orders: ORDERS, erasedCustomer: { name: 'Erin Plain', email: 'erin@example.com' } });
    await writer.flush();
    // Small batches: a shipment's request, booking and cancellation land in different batches.
    api = await startQueryApp(db, { QUERY_PROJECTOR_BATCH_SIZE: '41', API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
    su = await adminClient(db);
  });

  afterAll(async () => {
    for (const name of ['QUERY_PROJECTOR_BATCH_SIZE', 'API_RATE_LIMIT_PER_SECOND']) delete process.env[name];
    await su?.end();
    await api?.close();
    await db?.drop();
  });

  const emissions = async (params: Record<string, string>) => {
    const res = await api.get(`/reports/delivery-emissions?${new URLSearchParams(params)}`);
    expect([params, res.status]).toEqual([params, 200]);
    return res;
  };
  const windows = () => [
    { from: history.day(0), to: history.day(30) },
    { from: `${history.day(5)}T12:00:00.000Z`, to: history.day(12) },
  ];

  it('shows shipments, measured shipments, distance and CO₂ per day, warehouse and carrier, and in total, as the events say', async () => {
    const reached = ((await api.get('/projections')).body.projections as D[]).find((p) => p.name === 'reports')!.checkpoint.position;
    for (const window of windows()) {
      for (const groupBy of ['day', 'warehouse', 'carrier'] as const) {
        const { body, headers } = await emissions({ ...window, groupBy });
        const what = { ...window, groupBy };
        expect([what, body]).toEqual([what, { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), groupBy, ...expectedEmissions(writer, new Date(window.from), new Date(window.to), groupBy) }]);
        expect(Number(headers.get('x-projection-position'))).toBe(reached);
      }
    }
    // Day is the default grouping; every kind of shipment is there: unmeasured, measured without a factor, estimated, and cancelled ones left out.
    const { body } = await emissions(windows()[0]);
    expect(body.groupBy).toBe('day');
    expect(body.rows).toHaveLength(28);
    const t = body.totals;
    expect(t.shipments).toBeGreaterThan(t.measuredShipments);
    expect(t.measuredShipments).toBeGreaterThan(t.estimatedShipments);
    expect(t.estimatedShipments).toBeGreaterThan(100);
    expect(writer.ofType('ShipmentBooked').length - writer.ofType('ShipmentCancelled').length).toBe(t.shipments);
    expect(writer.ofType('ShipmentCancelled').length).toBeGreaterThan(5);
    const byCarrier = (await emissions({ ...windows()[0], groupBy: 'carrier' })).body.rows as D[];
    expect(byCarrier.find((r) => r.key === 'LocalBike')).toMatchObject({ estimatedShipments: 0, co2Grams: 0, averageCo2GramsPerShipment: null });
    // The rows add up to the totals.
    for (const field of ['shipments', 'measuredShipments', 'estimatedShipments', 'co2Grams'] as const) {
      expect([field, byCarrier.reduce((n, r) => n + r[field], 0)]).toEqual([field, t[field]]);
    }
  });

  it('a rebuild of the reports projection equals its live tables row for row, and answers the same', async () => {
    const before = (await emissions({ ...windows()[0], groupBy: 'warehouse' })).body;
    await su.query(`DROP SCHEMA IF EXISTS live_reports CASCADE`);
    await su.query(`CREATE SCHEMA live_reports`);
    for (const table of REPORT_TABLES) await su.query(`CREATE TABLE live_reports.${table} AS TABLE query.${table}`);

    const [result] = await rebuildProjection(db.dataSource, 'reports', undefined, { batchSize: 333 });
    expect(result.rows.report_shipments).toBe(writer.ofType('ShipmentRequested').length);
    expect(result.rows.report_products).toBe(7);
    for (const table of REPORT_TABLES) {
      const [{ differing }] = (
        await su.query(`SELECT count(*)::int AS differing FROM ((TABLE live_reports.${table} EXCEPT ALL TABLE query.${table})
                          UNION ALL (TABLE query.${table} EXCEPT ALL TABLE live_reports.${table})) d`)
      ).rows;
      expect([table, differing]).toEqual([table, 0]);
    }
    expect((await emissions({ ...windows()[0], groupBy: 'warehouse' })).body).toEqual(before);
  });

  it('refuses a bad grouping or window naming the parameter', async () => {
    for (const [params, parameter] of [
      [{ groupBy: 'week' }, 'groupBy'],
      [{ from: '2020-01-01', to: '2022-01-01' }, 'from'],
      [{ from: history.day(5), to: history.day(2) }, 'to'],
    ] as const) {
      const { status, body } = await api.get(`/reports/delivery-emissions?${new URLSearchParams(params)}`);
      expect([params, status, body.problems?.[0]?.parameter]).toEqual([params, 400, parameter]);
    }
  });
});
