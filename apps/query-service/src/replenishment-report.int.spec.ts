import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StreamIds } from '@orderflow/contracts';
import { addDays, isoDateOf } from '@orderflow/decider';
import { adviseReplenishment, demandHistory, fitDemand, SeededRandom } from '@orderflow/forecasting';
import { INVENTORY_TABLES, rebuildProjection } from '@orderflow/projections';
import { adminClient, bearer, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { ev, HistoryWriter } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS = 84;
const POLICY = { leadTimeDays: 7, serviceLevel: 0.95, reviewDays: 7 };
const WEEKDAY = [6, 2, 0, -1, -3, 8, -12];
const DAY_MS = 86_400_000;

/** One SKU at one warehouse: its true daily demand, the noise around it, and how much stock arrives. */
interface Pair {
  sku: string;
  warehouseId: string;
  truth: (t: number) => number;
  sigma: number;
  /** Share of a day's orders cancelled (released) the next morning. */
  cancelRate: number;
  /** Units received at the start, on top of what the history ships. */
  spare: number;
}

const PAIRS: Pair[] = [
  // Trend and weekly season, little stock left at the end: to reorder.
  { sku: 'LAMP', warehouseId: 'WH-A', truth: (t) => 30 + 0.2 * t + WEEKDAY[t % 7], sigma: 2, cancelRate: 0, spare: 60 },
  // A rising trend with cancellations, plenty of stock: nothing to reorder.
  { sku: 'MUG', warehouseId: 'WH-B', truth: (t) => 10 + 0.3 * t, sigma: 1.5, cancelRate: 0.05, spare: 5000 },
  // The same SKU elsewhere, running low.
  { sku: 'MUG', warehouseId: 'WH-A', truth: () => 12, sigma: 1.5, cancelRate: 0, spare: 20 },
];

/**
 * The daily demand behind the replenishment report, over twelve weeks of generated history with a
 * known shape (thousands of stock events, projected in batches of 64 so every day's events cross
 * batch boundaries), and the report itself: its figures are libs/forecasting's on the demand the
 * appended events add up to, its seasonal forecast is within its asserted error of the truth, and a
 * rebuild reproduces the demand table row for row.
 */
describe('daily demand and the replenishment report (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let api: QueryApp;
  let su: Client;
  const today = isoDateOf(new Date());
  const dayStart = (t: number) => Date.parse(`${addDays(today, t - DAYS)}T00:00:00.000Z`);

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    writeHistory(writer, dayStart);
    await writer.flush();
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

  /** What the appended events add up to, per SKU, warehouse and UTC day: computed here, not by the projection. */
  function expectedDemand(): Map<string, { ordered: number; released: number; shipped: number }> {
    const out = new Map<string, { ordered: number; released: number; shipped: number }>();
    for (const e of writer.log) {
      const field = ({ StockReserved: 'ordered', StockReservationReleased: 'released', StockShipped: 'shipped' } as const)[e.type as string];
      if (!field) continue;
      const key = `${String(e.data.sku)}|${String(e.data.warehouseId)}|${isoDateOf(e.recordedAt)}`;
      const row = out.get(key) ?? { ordered: 0, released: 0, shipped: 0 };
      row[field] += e.data.quantity as number;
      out.set(key, row);
    }
    return out;
  }

  async function demandRows(table = 'query.inventory_demand_daily') {
    const { rows } = await su.query(
      `SELECT sku, warehouse_id, to_char(day, 'YYYY-MM-DD') AS day, ordered_units::int AS ordered, released_units::int AS released, shipped_units::int AS shipped
         FROM ${table} ORDER BY sku, warehouse_id, day`,
    );
    return rows as { sku: string; warehouse_id: string; day: string; ordered: number; released: number; shipped: number }[];
  }

  const report = async (query = '') => {
    const res = await api.get(`/reports/replenishment${query ? `?${query}` : ''}`);
    expect([query, res.status]).toEqual([query, 200]);
    return res;
  };

  /** libs/forecasting on what the events add up to: what every figure of an item must be. */
  function expectedItem(pair: Pair) {
    const rows = [...expectedDemand()]
      .filter(([key]) => key.startsWith(`${pair.sku}|${pair.warehouseId}|`))
      .map(([key, r]) => ({ day: key.split('|')[2], units: r.ordered - r.released }));
    const history = demandHistory(rows, today, DAYS);
    const forecast = fitDemand(history.completed);
    const received = sumOf('StockReceived', pair);
    const shipped = sumOf('StockShipped', pair);
    const reserved = sumOf('StockReserved', pair) - sumOf('StockReservationReleased', pair) - shipped;
    const available = received - shipped - reserved;
    return { history, forecast, onHand: received - shipped, available, advice: adviseReplenishment(forecast, history.today, available, POLICY) };
  }
  const sumOf = (type: string, pair: Pair) =>
    writer.log.filter((e) => e.type === type && e.data.sku === pair.sku && e.data.warehouseId === pair.warehouseId).reduce((n, e) => n + (e.data.quantity as number), 0);

  it('projects the demand per SKU, warehouse and day exactly as the thousands of stock events add up, and a rebuild reproduces it', async () => {
    expect(writer.log.length).toBeGreaterThan(4000);
    const expected = [...expectedDemand()]
      .map(([key, r]) => {
        const [sku, warehouse_id, day] = key.split('|');
        return { sku, warehouse_id, day, ...r };
      })
      .sort((a, b) => (a.sku + a.warehouse_id + a.day < b.sku + b.warehouse_id + b.day ? -1 : 1));
    const live = await demandRows();
    expect(live.length).toBeGreaterThan(DAYS * PAIRS.length);
    expect(live).toEqual(expected);

    await su.query(`DROP SCHEMA IF EXISTS demand_copy CASCADE`);
    await su.query(`CREATE SCHEMA demand_copy`);
    await su.query(`CREATE TABLE demand_copy.inventory_demand_daily AS TABLE query.inventory_demand_daily`);
    const [result] = await rebuildProjection(db.dataSource, 'inventory', undefined, { batchSize: 53 });
    expect(Object.keys(result.rows)).toEqual([...INVENTORY_TABLES]);
    expect(result.rows.inventory_demand_daily).toBe(live.length);
    expect(await demandRows()).toEqual(await demandRows('demand_copy.inventory_demand_daily'));
  });

  it('forecasts the seasonal SKU by Holt-Winters within its asserted error, and says what to reorder and why', async () => {
    const { body, headers } = await report();
    const [inventory] = ((await api.get('/projections')).body.projections as D[]).filter((p) => p.name === 'inventory');
    expect(Number(headers.get('x-projection-position'))).toBe(inventory.checkpoint.position);
    expect(body).toMatchObject({ asOf: today, ...POLICY, historyDays: 84, truncated: false });

    const lamp = body.items.find((i: D) => i.sku === 'LAMP' && i.warehouseId === 'WH-A');
    const { forecast, advice, onHand, available } = expectedItem(PAIRS[0]);
    expect(available).toBe(PAIRS[0].spare);
    expect(lamp).toEqual({
      sku: 'LAMP',
      warehouseId: 'WH-A',
      onHand,
      available,
      forecastDailyUnits: advice.forecastDailyUnits,
      daysOfCover: advice.daysOfCover,
      leadTimeDays: 7,
      safetyStock: advice.safetyStock,
      reorderPoint: advice.reorderPoint,
      suggestedQuantity: advice.suggestedQuantity,
      reason: advice.reason,
      forecast: {
        model: 'holt-winters',
        historyDays: DAYS,
        mae: expect.closeTo(forecast.errors.mae, 1),
        rmse: expect.closeTo(forecast.errors.rmse, 1),
        residualSd: expect.closeTo(forecast.errors.residualSd, 1),
        mape: expect.closeTo(forecast.errors.mape!, 1),
      },
    });
    // The error bound (libs/forecasting's specs derive it): one-step RMSE within [0.8σ, 1.3σ] of the
    // noise, whole units adding 1/12 to its variance; the lead time's mean forecast within σ of the truth.
    const sigma = Math.sqrt(2 ** 2 + 1 / 12);
    expect(lamp.forecast.rmse).toBeGreaterThan(0.8 * sigma);
    expect(lamp.forecast.rmse).toBeLessThan(1.3 * sigma);
    const truth = Array.from({ length: 7 }, (_, h) => PAIRS[0].truth(DAYS + h));
    const truthDaily = truth.reduce((a, b) => a + b, 0) / 7;
    expect(Math.abs(lamp.forecastDailyUnits - truthDaily)).toBeLessThan(sigma);
    expect(lamp.suggestedQuantity).toBeGreaterThan(0);
    expect(lamp.reason).toMatch(/^cover \d+\.\d days is below the lead time of 7 days plus safety stock \(\d+\.\d days\), so it runs out before an order placed now arrives: \d+ units/);
  });

  it('lists only what is below its reorder point, fewest days of cover first; all=true lists every SKU and warehouse', async () => {
    const listed = (await report()).body.items.map((i: D) => `${i.sku}@${i.warehouseId}`);
    expect(listed).toEqual(expect.arrayContaining(['LAMP@WH-A', 'MUG@WH-A', 'NEW@WH-A']));
    expect(listed).not.toContain('MUG@WH-B');
    expect(listed).not.toContain('IDLE@WH-B');

    const all = (await report('all=true')).body.items as D[];
    expect(all.map((i) => `${i.sku}@${i.warehouseId}`).sort()).toEqual(['IDLE@WH-B', 'LAMP@WH-A', 'MUG@WH-A', 'MUG@WH-B', 'NEW@WH-A']);
    const covers = all.map((i) => i.daysOfCover);
    expect(covers[covers.length - 1]).toBeNull();
    const finite = covers.filter((c): c is number => c !== null);
    expect(finite).toEqual([...finite].sort((a, b) => a - b));

    const trend = all.find((i) => i.sku === 'MUG' && i.warehouseId === 'WH-B')!;
    const expected = expectedItem(PAIRS[1]);
    expect(trend).toMatchObject({ forecastDailyUnits: expected.advice.forecastDailyUnits, suggestedQuantity: 0, forecast: { model: 'holt' } });
    expect(trend.reason).toMatch(/^cover \d+\.\d days is above the lead time of 7 days plus safety stock .*: nothing to reorder$/);
    // Cancelled orders are not demand: the forecast (equal to the one on reserved less released, above) had some to leave out.
    expect(sumOf('StockReservationReleased', PAIRS[1])).toBeGreaterThan(50);

    const idle = all.find((i) => i.sku === 'IDLE')!;
    expect(idle).toMatchObject({ daysOfCover: null, forecastDailyUnits: 0, suggestedQuantity: 0, forecast: { model: 'none', historyDays: 0 } });
    expect(idle.reason).toBe('no demand is forecast from 0 days of history: nothing to reorder');

    // Ordered only today: no history, today so far is the forecast.
    const fresh = all.find((i) => i.sku === 'NEW')!;
    expect(fresh).toMatchObject({ forecastDailyUnits: 9, available: 3, forecast: { model: 'none' } });
  });

  it('filters by SKU and warehouse, takes the service level and review days asked for, and bounds the list', async () => {
    const mug = (await report('sku=MUG&all=true')).body.items as D[];
    expect(mug.map((i) => i.warehouseId).sort()).toEqual(['WH-A', 'WH-B']);
    expect(((await report('warehouseId=WH-B&all=true')).body.items as D[]).map((i) => i.sku).sort()).toEqual(['IDLE', 'MUG']);

    const strict = (await report('sku=LAMP&serviceLevel=0.99&reviewDays=14')).body;
    const loose = (await report('sku=LAMP&serviceLevel=0.9')).body;
    expect(strict).toMatchObject({ serviceLevel: 0.99, reviewDays: 14 });
    expect(strict.items[0].safetyStock).toBeGreaterThan(loose.items[0].safetyStock);
    expect(strict.items[0].suggestedQuantity).toBeGreaterThan(loose.items[0].suggestedQuantity);
    const { advice } = expectedItem(PAIRS[0]);
    expect(loose.items[0].suggestedQuantity).toBeLessThan(advice.suggestedQuantity);

    const one = (await report('all=true&limit=1')).body;
    expect(one.items).toHaveLength(1);
    expect(one.truncated).toBe(true);
  });

  it('refuses bad parameters naming the one at fault, and is for the roles that read reports', async () => {
    for (const [query, parameter] of [
      ['serviceLevel=1', 'serviceLevel'],
      ['serviceLevel=high', 'serviceLevel'],
      ['serviceLevel=0.2', 'serviceLevel'],
      ['reviewDays=-1', 'reviewDays'],
      ['all=yes', 'all'],
      ['limit=0', 'limit'],
      ['sku=', 'sku'],
      ['leadTime=5', 'leadTime'],
    ]) {
      const res = await api.get(`/reports/replenishment?${query}`);
      expect([query, res.status, res.body.problems?.[0]?.parameter]).toEqual([query, 400, parameter]);
    }
    expect((await api.get('/reports/replenishment', bearer(await api.key('operator')))).status).toBe(200);
    for (const [role, scope] of [['channel', { channel: 'webshop' }], ['warehouse', { warehouse: 'WH-A' }], ['admin', {}]] as const) {
      const res = await api.get('/reports/replenishment', bearer(await api.key(role, scope)));
      expect([role, res.status, res.body.missing]).toEqual([role, 403, 'reports:read']);
    }
  });
});

/**
 * Twelve weeks of each pair's demand, as the inventory service would have recorded it on the SKU's
 * stock stream: the stock received first, each day's orders reserved at noon (orders of 1 to 4
 * units), cancellations released and the rest shipped the next morning. Then today's orders of a
 * new SKU, and a SKU nobody ordered.
 */
function writeHistory(writer: HistoryWriter, dayStart: (t: number) => number): void {
  const orderId = randomUUID();
  const actor = 'service:inventory-service';
  let shipment = 0;
  for (const pair of PAIRS) {
    const random = new SeededRandom(`${pair.sku}@${pair.warehouseId}`);
    const stream = StreamIds.stock(pair.sku);
    const at = { sku: pair.sku, warehouseId: pair.warehouseId };
    const daily = Array.from({ length: DAYS }, (_, t) => Math.max(0, Math.round(pair.truth(t) + random.normal(0, pair.sigma))));
    const total = daily.reduce((a, b) => a + b, 0);
    writer.add(new Date(dayStart(0) + 1000), stream, actor, ev('StockReceived', { ...at, quantity: total + pair.spare }));
    for (let t = 0; t < DAYS; t++) {
      const orders: { shipmentId: string; quantity: number }[] = [];
      for (let left = daily[t]; left > 0; ) {
        const quantity = Math.min(left, 1 + Math.floor(random.next() * 4));
        orders.push({ shipmentId: `S-${++shipment}`, quantity });
        left -= quantity;
      }
      const reserved = (o: { shipmentId: string; quantity: number }) => ({ ...at, quantity: o.quantity, reservationId: `R-${o.shipmentId}`, orderId, shipmentId: o.shipmentId });
      writer.add(new Date(dayStart(t) + DAY_MS / 2), stream, actor, ...orders.map((o) => ev('StockReserved', reserved(o))));
      const cancelled = new Set(orders.filter(() => random.next() < pair.cancelRate).map((o) => o.shipmentId));
      const next = new Date(dayStart(t + 1) + 8 * 3_600_000);
      const after = orders.map((o) =>
        cancelled.has(o.shipmentId)
          ? ev('StockReservationReleased', { ...reserved(o), reason: 'order cancelled' })
          : ev('StockShipped', { ...reserved(o), reservedQuantity: o.quantity }),
      );
      // Yesterday's orders are not shipped yet.
      if (t < DAYS - 1 && after.length > 0) writer.add(next, stream, actor, ...after);
    }
  }
  const now = Date.now();
  const fresh = { sku: 'NEW', warehouseId: 'WH-A' };
  writer.add(new Date(now - 60_000), StreamIds.stock('NEW'), actor, ev('StockReceived', { ...fresh, quantity: 12 }));
  writer.add(
    new Date(now - 30_000),
    StreamIds.stock('NEW'),
    actor,
    ...[4, 5].map((quantity, i) => ev('StockReserved', { ...fresh, quantity, reservationId: `R-NEW-${i}`, orderId, shipmentId: `S-NEW-${i}` })),
  );
  writer.add(new Date(now - 20_000), StreamIds.stock('IDLE'), actor, ev('StockReceived', { sku: 'IDLE', warehouseId: 'WH-B', quantity: 40 }));
}
