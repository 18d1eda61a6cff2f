import { addDays, daysBetween } from '@orderflow/decider';
import { DemandForecast, fitDemand, forecastDays } from './demand-forecast';
import { inverseNormalCdf } from './normal';

/** Net units one SKU was in demand at one warehouse on one UTC day (YYYY-MM-DD). */
export interface DailyDemand {
  day: string;
  units: number;
}

/** What a forecast is made from: the completed days, and today so far. */
export interface DemandHistory {
  /** Units per completed day, oldest first, from the first day with demand (within the window) to yesterday. */
  completed: number[];
  /** Units so far today: a floor for today's demand, not a day to fit (it is not over). */
  today: number;
  /** The first day of `completed`, if any. */
  firstDay: string | null;
}

/**
 * The dense daily series of the last `historyDays` completed days before `today`, starting at the
 * first day that had any demand (a SKU's history starts when it first sold, not with zeros before).
 * Days without a row had no demand.
 */
export function demandHistory(rows: readonly DailyDemand[], today: string, historyDays: number): DemandHistory {
  const windowStart = addDays(today, -historyDays);
  let todayUnits = 0;
  let firstDay: string | null = null;
  const byDay = new Map<string, number>();
  for (const row of rows) {
    if (row.day === today) todayUnits += row.units;
    else if (row.day >= windowStart && row.day < today) {
      byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.units);
      if (row.units > 0 && (firstDay === null || row.day < firstDay)) firstDay = row.day;
    }
  }
  if (firstDay === null) return { completed: [], today: todayUnits, firstDay: null };
  const completed = new Array<number>(daysBetween(firstDay, today)).fill(0);
  for (const [day, units] of byDay) {
    const i = daysBetween(firstDay, day);
    if (i >= 0) completed[i] += units;
  }
  return { completed, today: todayUnits, firstDay };
}

export interface ReplenishmentPolicy {
  /** Days from ordering stock to having it on the shelf. */
  leadTimeDays: number;
  /** The probability of not running out during a lead time, e.g. 0.95. */
  serviceLevel: number;
  /** Days until the next chance to order again: an order covers them too. */
  reviewDays: number;
}

export interface ReplenishmentAdvice {
  /** Mean daily demand forecast over the lead time (at least what was ordered today so far). */
  forecastDailyUnits: number;
  /** Available stock over forecastDailyUnits; null when no demand is forecast (it lasts indefinitely). */
  daysOfCover: number | null;
  /** z(serviceLevel) × σ × √leadTime. */
  safetyStock: number;
  /** forecastDailyUnits × leadTime + safetyStock, in whole units (rounded up). */
  reorderPoint: number;
  /** max(0, reorderPoint + forecastDailyUnits × reviewDays − available), rounded up. */
  suggestedQuantity: number;
  /** Available is below the reorder point: time to order. */
  belowReorderPoint: boolean;
  /** Cover is shorter than the lead time: stock runs out before an order placed now arrives. */
  belowLeadTime: boolean;
  /** Why, in a sentence an operator reads. */
  reason: string;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * What to do about one SKU at one warehouse. Cover is counted in available units (on hand less what
 * is reserved: reserved units are already promised). σ is the residual standard deviation of the
 * model's one-step forecasts; with fewer than two residuals there is none, and √forecast stands in
 * (the spread of Poisson demand).
 */
export function adviseReplenishment(
  forecast: DemandForecast,
  todayUnits: number,
  available: number,
  policy: ReplenishmentPolicy,
): ReplenishmentAdvice {
  const { leadTimeDays, serviceLevel, reviewDays } = policy;
  const ahead = forecastDays(forecast, Math.max(1, leadTimeDays));
  const modelDaily = ahead.reduce((a, b) => a + b, 0) / ahead.length;
  const daily = Math.max(modelDaily, todayUnits);
  const sigma = forecast.errors.n >= 2 ? forecast.errors.residualSd : Math.sqrt(daily);
  const safetyStock = daily > 0 ? inverseNormalCdf(serviceLevel) * sigma * Math.sqrt(leadTimeDays) : 0;
  const exactReorderPoint = daily * leadTimeDays + Math.max(0, safetyStock);
  const reorderPoint = Math.max(0, Math.ceil(exactReorderPoint - 1e-9));
  const suggestedQuantity = Math.max(0, Math.ceil(exactReorderPoint + daily * reviewDays - available - 1e-9));
  const daysOfCover = daily > 0 ? Math.max(0, available) / daily : null;
  const belowReorderPoint = available < exactReorderPoint;
  const belowLeadTime = daysOfCover !== null && daysOfCover < leadTimeDays;
  const advice = {
    forecastDailyUnits: round(daily),
    daysOfCover: daysOfCover === null ? null : round(daysOfCover),
    safetyStock: round(Math.max(0, safetyStock)),
    reorderPoint,
    suggestedQuantity,
    belowReorderPoint,
    belowLeadTime,
  };
  return { ...advice, reason: reasonFor(advice, available, policy, forecast) };
}

function reasonFor(
  a: Omit<ReplenishmentAdvice, 'reason'>,
  available: number,
  { leadTimeDays, reviewDays }: ReplenishmentPolicy,
  forecast: DemandForecast,
): string {
  const lead = `the lead time of ${leadTimeDays} day${leadTimeDays === 1 ? '' : 's'}`;
  if (a.daysOfCover === null) {
    const none = `no demand is forecast from ${forecast.historyDays} day${forecast.historyDays === 1 ? '' : 's'} of history`;
    return a.belowReorderPoint ? `${available} available and ${none}: ${a.suggestedQuantity} units make up the shortfall` : `${none}: nothing to reorder`;
  }
  const cover = `cover ${a.daysOfCover.toFixed(1)} days`;
  const safetyDays = (a.forecastDailyUnits > 0 ? a.safetyStock / a.forecastDailyUnits : 0).toFixed(1);
  const threshold = `${lead} plus safety stock (${safetyDays} days)`;
  if (!a.belowReorderPoint) return `${cover} is above ${threshold}: nothing to reorder`;
  const order = `${a.suggestedQuantity} units bring it to the reorder point of ${a.reorderPoint} plus ${reviewDays} days of demand`;
  return `${cover} is below ${threshold}${a.belowLeadTime ? ', so it runs out before an order placed now arrives' : ''}: ${order}`;
}

/**
 * Fitted forecasts by key (SKU, warehouse and day) and the history they were fitted to: the
 * completed days change once a day, so a fit is made once a day per SKU and warehouse, not per look.
 */
export class ForecastCache {
  private readonly fits = new Map<string, { signature: string; forecast: DemandForecast }>();

  constructor(private readonly capacity = 20_000) {}

  fit(key: string, history: readonly number[]): DemandForecast {
    const signature = history.join(',');
    const hit = this.fits.get(key);
    if (hit && hit.signature === signature) {
      // Least recently used goes first: re-insert on use.
      this.fits.delete(key);
      this.fits.set(key, hit);
      return hit.forecast;
    }
    const forecast = fitDemand(history);
    this.fits.delete(key);
    this.fits.set(key, { signature, forecast });
    if (this.fits.size > this.capacity) this.fits.delete(this.fits.keys().next().value!);
    return forecast;
  }
}
