import { ForecastErrors, forecastErrors, NO_ERRORS } from './errors';
import {
  continueForecast,
  detrendedAutocorrelation,
  fitHolt,
  fitHoltWinters,
  holdoutRmse,
  runHolt,
  runHoltWinters,
  SmoothingState,
} from './smoothing';

/**
 * none: no history; mean: too short for a trend (fewer than MIN_HOLT_DAYS); holt: level and trend;
 * holt-winters: level, trend and a weekly season.
 */
export type DemandModel = 'none' | 'mean' | 'holt' | 'holt-winters';

export const WEEK = 7;
/** Days of history before a trend is worth estimating. */
export const MIN_HOLT_DAYS = 4;
/** Holt-Winters must beat Holt out of sample by this share to count as "beats it": the season costs parameters. */
const SEASON_MARGIN = 0.95;
/** The weakest lag-7 autocorrelation that counts as clearly positive, however long the history. */
const MIN_SEASONAL_AUTOCORRELATION = 0.3;

export interface SeasonTest {
  /** At least two full seasons of history: the least Holt-Winters starts from. */
  enoughHistory: boolean;
  /** Autocorrelation at lag `period` of the detrended history. */
  autocorrelation: number | null;
  /** One-step RMSE of each method on held-out days, when the history is long enough for a holdout. */
  holdout: { holt: number; holtWinters: number; days: number } | null;
  detected: boolean;
}

/** A fitted model of one SKU's daily demand at one warehouse: plain data, so it can be cached and sent. */
export interface DemandForecast {
  model: DemandModel;
  /** Days of history fitted. */
  historyDays: number;
  params: { alpha?: number; beta?: number; gamma?: number; period?: number };
  /** One-step-ahead errors over the history (for `mean`, the deviations from it). */
  errors: ForecastErrors;
  season: SeasonTest;
  state: SmoothingState;
}

/**
 * Fits the model the history supports. Holt-Winters is chosen only with two full seasons of history
 * and a season that shows: it beats Holt on held-out days, or the lag-`period` autocorrelation is
 * clearly positive (above the white-noise band 2/√n and at least 0.3).
 */
export function fitDemand(history: readonly number[], { period = WEEK }: { period?: number } = {}): DemandForecast {
  const n = history.length;
  const season = seasonTest(history, period);
  if (n === 0) {
    return { model: 'none', historyDays: 0, params: {}, errors: NO_ERRORS, season, state: { level: 0, trend: 0, season: null, next: 0 } };
  }
  if (n < MIN_HOLT_DAYS) {
    const mean = history.reduce((a, b) => a + b, 0) / n;
    const errors = forecastErrors(history, history.map(() => mean));
    return { model: 'mean', historyDays: n, params: {}, errors, season, state: { level: mean, trend: 0, season: null, next: n } };
  }
  if (season.detected) {
    const params = fitHoltWinters(history, period);
    const run = runHoltWinters(history, params);
    return { model: 'holt-winters', historyDays: n, params, errors: forecastErrors(history, run.fitted), season, state: run.state };
  }
  const params = fitHolt(history);
  const run = runHolt(history, params);
  return { model: 'holt', historyDays: n, params, errors: forecastErrors(history, run.fitted), season, state: run.state };
}

export function seasonTest(history: readonly number[], period = WEEK): SeasonTest {
  const enoughHistory = history.length >= 2 * period;
  if (!enoughHistory) return { enoughHistory, autocorrelation: detrendedAutocorrelation(history, period), holdout: null, detected: false };
  const autocorrelation = detrendedAutocorrelation(history, period);
  const holdout = holdoutRmse(history, period);
  const beatsHolt = holdout !== null && holdout.holtWinters < SEASON_MARGIN * holdout.holt;
  const band = Math.max(MIN_SEASONAL_AUTOCORRELATION, 2 / Math.sqrt(history.length));
  const correlated = autocorrelation !== null && autocorrelation > band;
  return { enoughHistory, autocorrelation, holdout, detected: beatsHolt || correlated };
}

/** The forecast of each of the next `days` days (the first is the day after the history). */
export function forecastDays(forecast: DemandForecast, days: number): number[] {
  return continueForecast(forecast.state, days);
}
