import { randomUUID } from 'node:crypto';
import { StockAlertSchemas, StreamIds, topicName, Topics } from '@orderflow/contracts';
import { addDays, isoDateOf } from '@orderflow/decider';
import { EventStore, StoredEvent } from '@orderflow/event-store';
import { SeededRandom } from '@orderflow/forecasting';
import { stockAlertMessages } from '@orderflow/platform';
import { waitFor } from '@orderflow/testing';
import { InventoryKit } from '../../test/inventory-kit';
import { StockAlertEvent } from '../domain/stock-alert.decider';
import { stockCoverEnvSchema } from '../infrastructure/stock-cover.config';
import { STOCK_COVER_WATCH, StockCoverWatch } from './stock-cover-watch';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS = 56;
const DAY_MS = 86_400_000;
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
/** 20 a day, give or take 2; LAMP has 300 to spare when today starts, the others plenty. */
const PAIRS = [
  { sku: 'LAMP', warehouseId: 'WH-BER', daily: 20, spare: 300 },
  { sku: 'LAMP', warehouseId: 'WH-MUC', daily: 8, spare: 5000 },
  { sku: 'MUG', warehouseId: 'WH-BER', daily: 30, spare: 5000 },
];

/**
 * The stock cover watch on a real database, over eight weeks of stock history (thousands of stock
 * events, watched in batches of 64), then today's orders through the service's own handlers: its
 * views hold what the events add up to, a SKU running low is alerted once per crossing of the
 * lead time, and a restart repeats nothing.
 */
describe('the stock cover watch (real PostgreSQL)', () => {
  let kit: InventoryKit;
  let watch: StockCoverWatch;
  const appended: { type: string; data: D; recordedAt: Date }[] = [];
  const config = stockCoverEnvSchema.parse({ STOCK_COVER_WATCH_BATCH_SIZE: '64', STOCK_ALERT_MAX_AGE_HOURS: '1' });
  const startWatch = () => {
    const w = new StockCoverWatch({ store: kit.store, dataSource: kit.db.dataSource, config, clock: () => new Date(), idleDelayMs: 20, standbyRetryMs: 50 });
    w.start();
    return w;
  };
  // Past every stock event committed so far, not only those visible: a transaction open elsewhere in
  // the cluster (another suite's) holds the store's read horizon back for a while.
  const caughtUp = async (w = watch) => {
    await waitFor('the watch active', () => w.isActive, { timeoutMs: 10_000, intervalMs: 20 });
    await waitFor(
      'the watch past every stock event committed',
      async () => {
        await w.caughtUp();
        const [{ left }] = (await kit.db.dataSource.query(
          `SELECT EXISTS (SELECT 1 FROM events e LEFT JOIN checkpoints c ON c.subscriber = $1
                           WHERE e.stream_category = 'stock'
                             AND (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'::xid8), coalesce(c.global_position, 0))) AS left`,
          [STOCK_COVER_WATCH],
        )) as { left: boolean }[];
        return !left;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
  };
  const alerts = async (sku = 'LAMP', warehouseId = 'WH-BER') => (await kit.store.readStream(StreamIds.stockAlert(sku, warehouseId))) as StoredEvent<StockAlertEvent['type']>[];

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
    await kit.registerWarehouse('WH-MUC', 'DE', 'BY');
    await writeHistory(new Date(), appended, kit.db.dataSource);
    watch = startWatch();
    await caughtUp();
  });

  afterAll(async () => {
    await watch?.stop();
    await kit?.stop();
  });

  it('folds the history into levels and daily demand exactly as the events add up, and alerts nothing of the past', async () => {
    expect(appended.length).toBeGreaterThan(2500);
    const expected = new Map<string, { ordered: number; shipped: number }>();
    for (const e of appended) {
      const field = e.type === 'StockReserved' ? 'ordered' : e.type === 'StockShipped' ? 'shipped' : undefined;
      if (!field) continue;
      const key = `${String(e.data.sku)}|${String(e.data.warehouseId)}|${isoDateOf(e.recordedAt)}`;
      const row = expected.get(key) ?? { ordered: 0, shipped: 0 };
      row[field] += e.data.quantity as number;
      expected.set(key, row);
    }
    const rows = (await kit.db.dataSource.query(
      `SELECT sku, warehouse_id, to_char(day, 'YYYY-MM-DD') AS day, ordered_units::int AS ordered, shipped_units::int AS shipped, released_units::int AS released
         FROM inventory_demand_daily ORDER BY sku, warehouse_id, day`,
    )) as D[];
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) expect([r.sku, r.warehouse_id, r.day, r.ordered, r.shipped, r.released]).toEqual([r.sku, r.warehouse_id, r.day, ...Object.values(expected.get(`${r.sku}|${r.warehouse_id}|${r.day}`)!), 0]);

    const levels = (await kit.db.dataSource.query(`SELECT sku, warehouse_id, (on_hand - reserved)::int AS available FROM inventory_stock_cover ORDER BY sku, warehouse_id`)) as D[];
    expect(levels).toEqual(PAIRS.map((p) => ({ sku: p.sku, warehouse_id: p.warehouseId, available: p.spare })).sort((a, b) => (a.sku + a.warehouse_id < b.sku + b.warehouse_id ? -1 : 1)));
    for (const p of PAIRS) expect(await alerts(p.sku, p.warehouseId)).toEqual([]);
    const [checkpoint] = (await kit.db.dataSource.query(`SELECT global_position::int AS p FROM checkpoints WHERE subscriber = $1`, [STOCK_COVER_WATCH])) as D[];
    expect(checkpoint.p).toBeGreaterThanOrEqual(appended.length);
    expect(await watch.health()).toEqual({ status: 'up', detail: 'active', lag: 0 });
  });

  it('alerts once when cover falls below the lead time, not again while it stays below; a receipt clears it and the next fall alerts again', async () => {
    // 10 a day against a forecast of about 20: what was ordered today is a floor of the daily demand.
    const order = async () => {
      await kit.placeOrder([{ sku: 'LAMP', quantity: 10 }]);
      await caughtUp();
    };
    for (let k = 1; k <= 3; k++) await order();
    // 270 left, 30 ordered today: 9 days of cover, above the 7 days of lead time.
    expect(await alerts()).toEqual([]);
    await order();
    const [alerted] = await alerts();
    // 260 left over 40 a day: 6.5 days.
    expect(alerted.type).toBe('LowStockAlerted');
    expect(alerted.data).toEqual({
      sku: 'LAMP',
      warehouseId: 'WH-BER',
      // Everything of the history was shipped: 300 on the shelf, 40 of them reserved today.
      onHand: 300,
      available: 260,
      forecastDailyUnits: 40,
      daysOfCover: 6.5,
      leadTimeDays: 7,
      safetyStock: expect.any(Number),
      reorderPoint: expect.any(Number),
      suggestedQuantity: expect.any(Number),
      serviceLevel: 0.95,
      model: 'holt',
      forecastRmse: expect.any(Number),
      alertedAt: expect.any(String),
    });
    const data = alerted.data as D;
    // σ of the history's noise (2) sized the safety stock: z(0.95) × σ × √7 ≈ 8.7, give or take the fit.
    expect(data.safetyStock).toBeGreaterThan(6);
    expect(data.safetyStock).toBeLessThan(12);
    expect(data.reorderPoint).toBe(Math.ceil(40 * 7 + data.safetyStock - 0.01));
    expect(data.suggestedQuantity).toBe(Math.ceil(40 * 7 + data.safetyStock + 40 * 7 - 260 - 1e-9));
    // Caused by the stock event that tipped it, in its correlation.
    const stock = await kit.store.readStream(StreamIds.stock('LAMP'));
    const tipping = stock.filter((e) => e.type === 'StockReserved').pop()!;
    expect(alerted.metadata).toMatchObject({ causationId: tipping.eventId, correlationId: tipping.metadata.correlationId, actor: 'service:inventory-service' });

    for (let k = 5; k <= 8; k++) await order();
    expect((await alerts()).map((e) => e.type)).toEqual(['LowStockAlerted']);

    await kit.receive('WH-BER', 'LAMP', 1000);
    await caughtUp();
    // 1220 left over 80 a day: 15.25 days.
    expect((await alerts()).map((e) => [e.type, (e.data as D).daysOfCover])).toEqual([
      ['LowStockAlerted', 6.5],
      ['LowStockCleared', 15.25],
    ]);
    await kit.adjust('WH-BER', 'LAMP', -1000, 'water damage');
    await caughtUp();
    expect((await alerts()).map((e) => [e.type, (e.data as D).available])).toEqual([
      ['LowStockAlerted', 260],
      ['LowStockCleared', 1220],
      ['LowStockAlerted', 220],
    ]);
    // The other SKUs and warehouses were never low.
    expect(await alerts('LAMP', 'WH-MUC')).toEqual([]);
    expect(await alerts('MUG', 'WH-BER')).toEqual([]);
  });

  it('puts each alert on inventory.alerts as its contract says, keyed by SKU and warehouse', async () => {
    const [alerted, cleared] = await alerts();
    const [message] = stockAlertMessages(alerted, (t) => topicName(t, 'ns'));
    expect(message).toMatchObject({ topic: `ns.${Topics.inventoryAlerts}`, key: 'LAMP:WH-BER' });
    const body = StockAlertSchemas.LowStockAlerted.parse(JSON.parse(message.value as string));
    expect(body).toMatchObject({ type: 'LowStockAlerted', version: 1, sku: 'LAMP', warehouseId: 'WH-BER', available: 260, daysOfCover: 6.5, leadTimeDays: 7 });
    expect(stockAlertMessages(alerted, (t) => t)[0].value).toBe(message.value);
    expect(StockAlertSchemas.LowStockCleared.safeParse(JSON.parse(stockAlertMessages(cleared, (t) => t)[0].value as string)).success).toBe(true);
    const stock = await kit.store.readStream(StreamIds.stock('LAMP'));
    expect(stockAlertMessages(stock[0], (t) => t)).toEqual([]);
  });

  it('repeats nothing after a restart, and one of two replicas watches while the other stands by', async () => {
    const before = (await alerts()).length;
    await watch.stop();
    const first = startWatch();
    const second = startWatch();
    try {
      await waitFor('one replica active', () => first.isActive || second.isActive, { timeoutMs: 10_000, intervalMs: 20 });
      const active = first.isActive ? first : second;
      const standby = active === first ? second : first;
      expect(await standby.health()).toEqual({ status: 'up', detail: 'standby: another replica holds the watch lock' });
      await kit.placeOrder([{ sku: 'LAMP', quantity: 1 }]);
      await caughtUp(active);
      expect(await alerts()).toHaveLength(before);
      const [{ n }] = (await kit.db.dataSource.query(`SELECT sum(ordered_units)::int AS n FROM inventory_demand_daily WHERE sku = 'LAMP' AND warehouse_id = 'WH-BER' AND day = $1`, [isoDateOf(new Date())])) as D[];
      expect(n).toBe(81);
    } finally {
      await first.stop();
      await second.stop();
    }
    watch = startWatch();
  });
});

/**
 * Eight weeks of each pair's demand on the SKU's stock stream, as the inventory service would have
 * recorded it: the stock received first, each day's orders (1 to 4 units) reserved at noon and
 * shipped the next morning, the last two days' orders shipped by yesterday evening. Recorded at
 * those times (the test's role may say when).
 */
async function writeHistory(now: Date, log: { type: string; data: D; recordedAt: Date }[], dataSource: import('typeorm').DataSource): Promise<void> {
  let at = new Date();
  const store = new EventStore(dataSource, () => at);
  const today = isoDateOf(now);
  const dayStart = (t: number) => Date.parse(`${addDays(today, t - DAYS)}T00:00:00.000Z`);
  const append = async (when: number, streamId: string, events: { type: string; data: D }[]) => {
    if (events.length === 0) return;
    at = new Date(when);
    await store.append(streamId, events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { actor: 'service:inventory-service' } })), { expectedVersion: 'any' });
    log.push(...events.map((e) => ({ ...e, recordedAt: at })));
  };
  let shipment = 0;
  for (const pair of PAIRS) {
    const random = new SeededRandom(`${pair.sku}@${pair.warehouseId}`);
    const stream = StreamIds.stock(pair.sku);
    const where = { sku: pair.sku, warehouseId: pair.warehouseId };
    const daily = Array.from({ length: DAYS }, () => Math.max(0, Math.round(pair.daily + random.normal(0, 2))));
    await append(dayStart(0) + 1000, stream, [{ type: 'StockReceived', data: { ...where, quantity: daily.reduce((a, b) => a + b, 0) + pair.spare } }]);
    for (let t = 0; t < DAYS; t++) {
      const orders: { shipmentId: string; quantity: number }[] = [];
      for (let left = daily[t]; left > 0; ) {
        const quantity = Math.min(left, 1 + Math.floor(random.next() * 4));
        orders.push({ shipmentId: `H-${++shipment}`, quantity });
        left -= quantity;
      }
      const reserved = (o: { shipmentId: string; quantity: number }) => ({ ...where, quantity: o.quantity, reservationId: `R-${o.shipmentId}`, orderId, shipmentId: o.shipmentId });
      await append(dayStart(t) + DAY_MS / 2, stream, orders.map((o) => ({ type: 'StockReserved', data: reserved(o) })));
      const shipAt = t < DAYS - 1 ? dayStart(t + 1) + 8 * 3_600_000 : dayStart(t) + 20 * 3_600_000;
      await append(shipAt, stream, orders.map((o) => ({ type: 'StockShipped', data: { ...reserved(o), reservedQuantity: o.quantity } })));
    }
  }
}
