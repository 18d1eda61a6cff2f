import { randomUUID } from 'node:crypto';
import { StockAlertSchemas, StreamIds, Topics } from '@orderflow/contracts';
import { addDays, isoDateOf } from '@orderflow/decider';
import { EventStore } from '@orderflow/event-store';
import { SeededRandom } from '@orderflow/forecasting';
import { waitFor } from '@orderflow/testing';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem, TopicTap } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS = 56;
const DAY_MS = 86_400_000;
const SIGMA = 2;
const WEEKDAY = [7, 2, 0, -1, -3, 9, -14];
/** The seasonal SKU's true daily demand on day t of its history. */
const truth = (t: number) => 40 + 0.25 * t + WEEKDAY[t % 7];

/**
 * Data-driven replenishment (docs/adr/0036) with the order, inventory and query services as
 * processes: a forecast of known history within its asserted error, through the report; and a SKU
 * depleted by real orders is listed with what to order and why, and alerted exactly once on
 * inventory.alerts, read from Kafka.
 */
describe('replenishment and low-stock alerts (services as processes, Kafka, the query API)', () => {
  let system: TestSystem;
  let alerts: TopicTap;
  const url = (service: 'query-service' | 'inventory-service') => system.services.get(service)!.url;
  const report = async (query: string) => {
    const res = await fetch(`${url('query-service')}/reports/replenishment?${query}`, { headers: await system.auth('operator') });
    expect([query, res.status]).toEqual([query, 200]);
    return (await res.json()) as D;
  };
  const alertsFor = (key: string) => alerts.records.filter((r) => r.key?.toString() === key).map((r) => JSON.parse(r.value!.toString()) as D);

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'query-service'], {
      // Reading the seeded history back waits for the projection to apply all of it.
      serviceEnv: { 'query-service': { QUERY_MIN_POSITION_TIMEOUT_MS: '30000' } },
    });
    alerts = await system.tap(Topics.inventoryAlerts);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('forecasts eight weeks of known demand (trend and weekly season) by Holt-Winters, within its asserted error', async () => {
    const last = await writeSeasonalHistory(system, 'KETTLE', 'WH-HIST');
    // Read your writes: the report answers once the projection has applied the whole history.
    const [item] = (await report(`sku=KETTLE&all=true&minPosition=${last}`)).items as D[];
    expect(item.forecast.historyDays).toBe(DAYS);
    expect(item.forecast.model).toBe('holt-winters');
    // The bound libs/forecasting's specs derive: one-step RMSE within [0.8σ, 1.3σ] of the noise
    // (whole units add 1/12 to its variance), and the lead time's mean forecast within σ of the truth.
    const sigma = Math.sqrt(SIGMA ** 2 + 1 / 12);
    expect(item.forecast.rmse).toBeGreaterThan(0.8 * sigma);
    expect(item.forecast.rmse).toBeLessThan(1.3 * sigma);
    const coming = Array.from({ length: 7 }, (_, h) => truth(DAYS + h));
    expect(Math.abs(item.forecastDailyUnits - coming.reduce((a, b) => a + b, 0) / 7)).toBeLessThan(sigma);
    expect(item).toMatchObject({ sku: 'KETTLE', warehouseId: 'WH-HIST', leadTimeDays: 7, suggestedQuantity: 0 });
  });

  it('lists a SKU that real orders depleted with a suggested quantity and a reason, and alerts it exactly once on inventory.alerts', async () => {
    await system.produce(Topics.warehouseOperations, [
      warehouseRegistered('WH-LOW', 'DE', 'BE'),
      stockReceived('WH-LOW', 'LAMP', 40),
      stockReceived('WH-LOW', 'PLATE', 1000),
    ]);
    await waitFor('LAMP and PLATE known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT sku FROM order_known_skus WHERE sku IN ('LAMP', 'PLATE')`)) as unknown[];
      return rows.length === 2;
    });
    // One at a time, as a day's orders come: cover falls with every one.
    for (let i = 1; i <= 10; i++) {
      await system.produce(Topics.channelOrders, [orderSubmitted(`LAMP-${i}`, [{ sku: 'LAMP', quantity: 3, unitPriceMinor: 2500 }])]);
      if (i === 1) await system.produce(Topics.channelOrders, [orderSubmitted('PLATE-1', [{ sku: 'PLATE', quantity: 2, unitPriceMinor: 900 }])]);
    }
    // All thirty reserved: 10 of 40 left, against 30 ordered today.
    const lamp = await waitFor(
      'LAMP at WH-LOW in the report with everything reserved',
      async () => ((await report('warehouseId=WH-LOW')).items as D[]).find((i) => i.sku === 'LAMP' && i.available === 10),
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(lamp).toMatchObject({ onHand: 40, available: 10, forecastDailyUnits: 30, daysOfCover: 0.33, leadTimeDays: 7, forecast: { model: 'none' } });
    expect(lamp.suggestedQuantity).toBeGreaterThan(30 * 7 * 2 - 10);
    expect(lamp.reason).toMatch(new RegExp(`^cover 0\\.3 days is below the lead time of 7 days plus safety stock \\(\\d+\\.\\d days\\), so it runs out before an order placed now arrives: ${lamp.suggestedQuantity} units`));
    expect(((await report('warehouseId=WH-LOW')).items as D[]).map((i) => i.sku)).toEqual(['LAMP']);

    const alerted = await alerts.waitFor<D>('LowStockAlerted for LAMP at WH-LOW', (a, raw) => a.type === 'LowStockAlerted' && raw.key?.toString() === 'LAMP:WH-LOW', 60_000);
    expect(StockAlertSchemas.LowStockAlerted.safeParse(alerted).success).toBe(true);
    expect(alerted).toMatchObject({ sku: 'LAMP', warehouseId: 'WH-LOW', onHand: 40, leadTimeDays: 7, serviceLevel: 0.95 });
    expect(alerted.daysOfCover).toBeLessThan(7);
    expect(alerted.suggestedQuantity).toBeGreaterThan(0);
    expect(alerted.reorderPoint).toBeGreaterThan(alerted.available);

    // Once the watch and the relay have seen every stock event, there is still exactly one.
    await waitFor('the stock cover watch and the relay caught up', async () => {
      const health = (await (await fetch(`${url('inventory-service')}/health`)).json()) as D;
      return health.components['stock-cover-watch']?.lag === 0 && health.components.relay?.lag === 0;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(alertsFor('LAMP:WH-LOW').map((a) => a.type)).toEqual(['LowStockAlerted']);
    expect(alertsFor('PLATE:WH-LOW')).toEqual([]);
    const stored = await system.streamEvents(StreamIds.stockAlert('LAMP', 'WH-LOW'));
    expect(stored.map((e) => e.type)).toEqual(['LowStockAlerted']);
    expect(alerted.messageId).not.toBe(stored[0].eventId);

    // Stock arrives: cover is back above the lead time, and the alert is cleared (re-armed).
    await system.produce(Topics.warehouseOperations, [stockReceived('WH-LOW', 'LAMP', 500)]);
    const cleared = await alerts.waitFor<D>('LowStockCleared for LAMP at WH-LOW', (a, raw) => a.type === 'LowStockCleared' && raw.key?.toString() === 'LAMP:WH-LOW', 60_000);
    expect(cleared).toMatchObject({ available: 510, forecastDailyUnits: 30, daysOfCover: 17 });
    expect(alertsFor('LAMP:WH-LOW').map((a) => a.type)).toEqual(['LowStockAlerted', 'LowStockCleared']);
    expect(((await report('warehouseId=WH-LOW')).items as D[]).find((i) => i.sku === 'LAMP')).toBeUndefined();
  });
});

/**
 * Eight weeks of a SKU's demand with a known trend and weekly season, recorded on its stock stream
 * at the days they describe, as the inventory service would have: received first, each day's
 * orders reserved at noon and shipped the next morning.
 */
async function writeSeasonalHistory(system: TestSystem, sku: string, warehouseId: string): Promise<number> {
  let at = new Date();
  // The test's database role may say when an event was recorded; the services' roles may not.
  const store = new EventStore(system.db.dataSource, () => at);
  const random = new SeededRandom(`${sku}@${warehouseId}`);
  const today = isoDateOf(new Date());
  const dayStart = (t: number) => Date.parse(`${addDays(today, t - DAYS)}T00:00:00.000Z`);
  const where = { sku, warehouseId };
  const orderId = randomUUID();
  let last = 0;
  const append = async (when: number, events: { type: string; data: Record<string, unknown> }[]) => {
    if (events.length === 0) return;
    at = new Date(when);
    const { positions } = await store.append(StreamIds.stock(sku), events.map((e) => ({ eventId: randomUUID(), ...e, metadata: { actor: 'service:inventory-service' } })), {
      expectedVersion: 'any',
    });
    last = Math.max(last, ...positions);
  };
  const daily = Array.from({ length: DAYS }, (_, t) => Math.max(0, Math.round(truth(t) + random.normal(0, SIGMA))));
  await append(dayStart(0) + 1000, [{ type: 'StockReceived', data: { ...where, quantity: daily.reduce((a, b) => a + b, 0) + 5000 } }]);
  let shipment = 0;
  for (let t = 0; t < DAYS; t++) {
    const orders: { shipmentId: string; quantity: number }[] = [];
    for (let left = daily[t]; left > 0; ) {
      const quantity = Math.min(left, 1 + Math.floor(random.next() * 5));
      orders.push({ shipmentId: `HIST-${++shipment}`, quantity });
      left -= quantity;
    }
    const reserved = (o: { shipmentId: string; quantity: number }) => ({ ...where, quantity: o.quantity, reservationId: `R-${o.shipmentId}`, orderId, shipmentId: o.shipmentId });
    await append(dayStart(t) + DAY_MS / 2, orders.map((o) => ({ type: 'StockReserved', data: reserved(o) })));
    const shipAt = t < DAYS - 1 ? dayStart(t + 1) + 8 * 3_600_000 : dayStart(t) + 20 * 3_600_000;
    await append(shipAt, orders.map((o) => ({ type: 'StockShipped', data: { ...reserved(o), reservedQuantity: o.quantity } })));
  }
  return last;
}
