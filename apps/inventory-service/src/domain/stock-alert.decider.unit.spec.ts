import { deciderSpec } from '@orderflow/decider';
import { DemandForecast, fitDemand } from '@orderflow/forecasting';
import { AssessCover, StockAlertEvent, stockAlertDecider } from './stock-alert.decider';

const spec = deciderSpec(stockAlertDecider);
const now = new Date('2026-03-10T14:00:00.000Z');
const policy = { leadTimeDays: 7, serviceLevel: 0.95, reviewDays: 7 };
/** Four weeks of exactly 10 units a day: the forecast is 10 a day, with no error. */
const tenADay: DemandForecast = fitDemand(new Array(28).fill(10));

const assess = (available: number, overrides: Partial<AssessCover> = {}): AssessCover => ({
  type: 'AssessCover',
  sku: 'MUG',
  warehouseId: 'WH-BER',
  onHand: available + 5,
  available,
  forecast: tenADay,
  todayUnits: 0,
  policy,
  now,
  ...overrides,
});

const alerted = (available: number, daysOfCover: number): StockAlertEvent => ({
  type: 'LowStockAlerted',
  data: {
    sku: 'MUG',
    warehouseId: 'WH-BER',
    onHand: available + 5,
    available,
    forecastDailyUnits: 10,
    leadTimeDays: 7,
    daysOfCover,
    safetyStock: 0,
    reorderPoint: 70,
    suggestedQuantity: 140 - available,
    serviceLevel: 0.95,
    model: 'holt',
    forecastRmse: 0,
    alertedAt: now.toISOString(),
  },
});
const cleared = (available: number, daysOfCover: number | null, forecastDailyUnits = 10): StockAlertEvent => ({
  type: 'LowStockCleared',
  data: { sku: 'MUG', warehouseId: 'WH-BER', onHand: available + 5, available, forecastDailyUnits, leadTimeDays: 7, daysOfCover, clearedAt: now.toISOString() },
});

describe('stock alert decider: once per crossing of the lead time', () => {
  it('alerts when cover falls below the lead time, with what to order', () => {
    spec.given([]).when(assess(40)).then([alerted(40, 4)]);
  });

  it('says nothing while cover is at or above the lead time', () => {
    spec.given([]).when(assess(70)).thenNothing();
    spec.given([]).when(assess(500)).thenNothing();
  });

  it('does not alert again while cover stays below, however far it falls', () => {
    spec.given([alerted(40, 4)]).when(assess(30)).thenNothing();
    spec.given([alerted(40, 4)]).when(assess(0)).thenNothing();
  });

  it('clears when cover is back at the lead time, which arms the next alert', () => {
    spec.given([alerted(40, 4)]).when(assess(70)).then([cleared(70, 7)]);
    spec.given([alerted(40, 4), cleared(70, 7)]).when(assess(20)).then([alerted(20, 2)]);
    spec.given([alerted(40, 4), cleared(70, 7)]).when(assess(90)).thenNothing();
  });

  it('clears when demand stops: no demand forecast means unlimited cover', () => {
    spec.given([alerted(40, 4)]).when(assess(40, { forecast: fitDemand(new Array(28).fill(0)) })).then([cleared(40, null, 0)]);
  });

  it('counts what was ordered today as a floor of the daily demand', () => {
    // 100 available lasts 10 days at the forecast's 10 a day, but 25 were ordered today already.
    spec.given([]).when(assess(100)).thenNothing();
    const [event] = spec.given([]).when(assess(100, { todayUnits: 25 })).events();
    expect(event).toMatchObject({ type: 'LowStockAlerted', data: { forecastDailyUnits: 25, daysOfCover: 4 } });
  });

  it('alerts on a new SKU with no history but today', () => {
    const [event] = spec.given([]).when(assess(6, { forecast: fitDemand([]), todayUnits: 6 })).events();
    expect(event).toMatchObject({ type: 'LowStockAlerted', data: { model: 'none', forecastDailyUnits: 6, daysOfCover: 1 } });
  });

  it('folds its events into the alert state', () => {
    expect(spec.stateAfter([])).toEqual({ status: 'CLEAR' });
    expect(spec.stateAfter([alerted(40, 4)])).toEqual({ status: 'ALERTED' });
    expect(spec.stateAfter([alerted(40, 4), cleared(70, 7)])).toEqual({ status: 'CLEAR' });
  });
});
