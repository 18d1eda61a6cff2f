import { DemandForecast, fitDemand } from './demand-forecast';
import { adviseReplenishment, demandHistory, ForecastCache } from './replenishment';

const POLICY = { leadTimeDays: 7, serviceLevel: 0.95, reviewDays: 7 };

/** A forecast of `daily` units a day whose one-step residuals had sd `sigma`. */
const steady = (daily: number, sigma: number): DemandForecast => ({
  model: 'holt',
  historyDays: 30,
  params: { alpha: 0.2, beta: 0.05 },
  errors: { n: 30, mae: sigma, rmse: sigma, residualSd: sigma, mape: null },
  season: { enoughHistory: true, autocorrelation: 0, holdout: null, detected: false },
  state: { level: daily, trend: 0, season: null, next: 30 },
});

describe('replenishment advice', () => {
  it('sizes safety stock as z(service level) × σ × √lead time, and orders up to the reorder point plus the review days', () => {
    const advice = adviseReplenishment(steady(10, 2), 0, 30, POLICY);
    // z(0.95) = 1.644854: 1.644854 × 2 × √7 = 8.70; reorder point 70 + 8.70 = 78.70, so 79 units.
    expect(advice.safetyStock).toBeCloseTo(8.7, 2);
    expect(advice.reorderPoint).toBe(79);
    // 78.70 + 10 × 7 − 30 = 118.70, rounded up.
    expect(advice.suggestedQuantity).toBe(119);
    expect(advice).toMatchObject({ forecastDailyUnits: 10, daysOfCover: 3, belowReorderPoint: true, belowLeadTime: true });
    expect(advice.reason).toBe(
      'cover 3.0 days is below the lead time of 7 days plus safety stock (0.9 days), so it runs out before an order placed now arrives: ' +
        '119 units bring it to the reorder point of 79 plus 7 days of demand',
    );
  });

  it('raises safety stock with the service level', () => {
    const at = (serviceLevel: number) => adviseReplenishment(steady(10, 2), 0, 30, { ...POLICY, serviceLevel }).safetyStock;
    expect(at(0.5)).toBe(0);
    expect(at(0.9)).toBeLessThan(at(0.95));
    expect(at(0.99)).toBeCloseTo(2.326348 * 2 * Math.sqrt(7), 2);
  });

  it('says when cover is above the lead time but not the safety stock', () => {
    const advice = adviseReplenishment(steady(10, 2), 0, 75, POLICY);
    expect(advice).toMatchObject({ daysOfCover: 7.5, belowLeadTime: false, belowReorderPoint: true, suggestedQuantity: 74 });
    expect(advice.reason).toMatch(/^cover 7\.5 days is below the lead time of 7 days plus safety stock \(0\.9 days\): 74 units/);
  });

  it('orders nothing while stock covers the lead time, safety stock and all', () => {
    const advice = adviseReplenishment(steady(10, 2), 0, 500, POLICY);
    expect(advice).toMatchObject({ daysOfCover: 50, belowReorderPoint: false, belowLeadTime: false, suggestedQuantity: 0 });
    expect(advice.reason).toBe('cover 50.0 days is above the lead time of 7 days plus safety stock (0.9 days): nothing to reorder');
  });

  it('takes what was ordered today so far as a floor of the daily demand', () => {
    expect(adviseReplenishment(steady(10, 2), 25, 30, POLICY).forecastDailyUnits).toBe(25);
    expect(adviseReplenishment(steady(10, 2), 4, 30, POLICY).forecastDailyUnits).toBe(10);
  });

  it('with no history but today, forecasts today so far, σ the Poisson √demand', () => {
    const advice = adviseReplenishment(fitDemand([]), 16, 4, POLICY);
    expect(advice.forecastDailyUnits).toBe(16);
    expect(advice.safetyStock).toBeCloseTo(1.644854 * 4 * Math.sqrt(7), 2);
    expect(advice.daysOfCover).toBe(0.25);
    expect(advice.belowLeadTime).toBe(true);
  });

  it('with no demand at all: cover is unlimited (null) and nothing is ordered', () => {
    const advice = adviseReplenishment(fitDemand(new Array(28).fill(0)), 0, 0, POLICY);
    expect(advice).toMatchObject({ forecastDailyUnits: 0, daysOfCover: null, reorderPoint: 0, suggestedQuantity: 0, belowReorderPoint: false, belowLeadTime: false });
    expect(advice.reason).toBe('no demand is forecast from 28 days of history: nothing to reorder');
  });

  it('counts a shortfall (available below zero) as no cover at all', () => {
    const advice = adviseReplenishment(steady(5, 1), 0, -3, POLICY);
    expect(advice.daysOfCover).toBe(0);
    expect(advice.suggestedQuantity).toBe(Math.ceil(5 * 7 + 1.644854 * Math.sqrt(7) + 5 * 7 + 3));
  });
});

describe('the daily demand history', () => {
  it('is dense from the first day with demand to yesterday, today apart', () => {
    const history = demandHistory(
      [
        { day: '2026-03-02', units: 4 },
        { day: '2026-03-05', units: 6 },
        { day: '2026-03-05', units: -1 },
        { day: '2026-03-07', units: 9 },
      ],
      '2026-03-07',
      84,
    );
    expect(history).toEqual({ completed: [4, 0, 0, 5, 0], today: 9, firstDay: '2026-03-02' });
  });

  it('keeps only the last `historyDays` completed days', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ day: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), units: i }));
    const history = demandHistory(rows, '2026-04-11', 84);
    expect(history.completed).toHaveLength(84);
    expect(history.firstDay).toBe('2026-01-17');
    expect(history.completed[83]).toBe(99);
  });

  it('is empty before the first sale', () => {
    expect(demandHistory([], '2026-03-07', 84)).toEqual({ completed: [], today: 0, firstDay: null });
    expect(demandHistory([{ day: '2026-03-07', units: 3 }], '2026-03-07', 84)).toEqual({ completed: [], today: 3, firstDay: null });
  });
});

describe('the forecast cache', () => {
  it('fits once per key and history, and again when the history changes', () => {
    const cache = new ForecastCache(2);
    const a = cache.fit('MUG/WH-1/2026-03-07', [1, 2, 3, 4, 5]);
    expect(cache.fit('MUG/WH-1/2026-03-07', [1, 2, 3, 4, 5])).toBe(a);
    const b = cache.fit('MUG/WH-1/2026-03-07', [1, 2, 3, 4, 6]);
    expect(b).not.toBe(a);
    expect(b.historyDays).toBe(5);
    cache.fit('B', [1]);
    expect(cache.fit('MUG/WH-1/2026-03-07', [1, 2, 3, 4, 6])).toBe(b);
    cache.fit('C', [2]);
    cache.fit('D', [3]);
    // Capacity 2: the least recently used (the MUG fit) went first.
    expect(cache.fit('MUG/WH-1/2026-03-07', [1, 2, 3, 4, 6])).not.toBe(b);
  });
});
