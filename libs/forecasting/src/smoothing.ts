/*
 * Exponential smoothing of a daily demand series: Holt's linear method (level and trend) and
 * additive Holt-Winters (level, trend and a season of `period` days). Both are run as one-step-ahead
 * filters: each day is forecast from the days before it, then folded in, so the residuals are the
 * errors a forecast made the evening before would have had.
 */

export interface HoltParams {
  alpha: number;
  beta: number;
}

export interface HoltWintersParams extends HoltParams {
  gamma: number;
  period: number;
}

/** Where a filter stands after the last day it folded: what forecasts continue from. */
export interface SmoothingState {
  level: number;
  trend: number;
  /** Seasonal offsets by day index modulo the period (Holt-Winters only). */
  season: number[] | null;
  /** The index of the next day, the first one forecast. */
  next: number;
}

export interface SmoothingRun {
  /** fitted[t]: the forecast of day t made from days before it. */
  fitted: number[];
  state: SmoothingState;
}

/** Least squares line through y[0..k): the starting level and trend, free of one noisy day's weight. */
export function leastSquaresLine(y: readonly number[], k = y.length): { intercept: number; slope: number } {
  if (k === 0) return { intercept: 0, slope: 0 };
  if (k === 1) return { intercept: y[0], slope: 0 };
  const tMean = (k - 1) / 2;
  let yMean = 0;
  for (let t = 0; t < k; t++) yMean += y[t];
  yMean /= k;
  let num = 0;
  let den = 0;
  for (let t = 0; t < k; t++) {
    num += (t - tMean) * (y[t] - yMean);
    den += (t - tMean) ** 2;
  }
  const slope = num / den;
  return { intercept: yMean - slope * tMean, slope };
}

/** Days the starting line of Holt's method is fitted to. */
const HOLT_START_DAYS = 14;

export function runHolt(y: readonly number[], { alpha, beta }: HoltParams): SmoothingRun {
  const { intercept, slope } = leastSquaresLine(y, Math.min(y.length, HOLT_START_DAYS));
  // The state "before day 0", so that day 0's forecast is the line's value there.
  let level = intercept - slope;
  let trend = slope;
  const fitted = new Array<number>(y.length);
  for (let t = 0; t < y.length; t++) {
    fitted[t] = level + trend;
    const previous = level;
    level = alpha * y[t] + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return { fitted, state: { level, trend, season: null, next: y.length } };
}

/** Full seasons the starting trend and offsets of Holt-Winters are read from, at most. */
const HOLT_WINTERS_START_SEASONS = 4;

/**
 * Additive Holt-Winters; needs two full seasons. It starts from a classical decomposition of the
 * first full seasons (up to four): their least squares line, and each weekday's mean offset from it.
 */
export function runHoltWinters(y: readonly number[], { alpha, beta, gamma, period }: HoltWintersParams): SmoothingRun {
  if (y.length < 2 * period) throw new RangeError(`Holt-Winters needs two seasons (${2 * period} days), got ${y.length}`);
  const seasons = Math.min(HOLT_WINTERS_START_SEASONS, Math.floor(y.length / period));
  const { intercept, slope } = leastSquaresLine(y, seasons * period);
  const season = new Array<number>(period).fill(0);
  for (let t = 0; t < seasons * period; t++) season[t % period] += (y[t] - (intercept + slope * t)) / seasons;
  const offset = season.reduce((a, b) => a + b, 0) / period;
  for (let i = 0; i < period; i++) season[i] -= offset;
  let level = intercept - slope;
  let trend = slope;
  const fitted = new Array<number>(y.length);
  for (let t = 0; t < y.length; t++) {
    const s = t % period;
    fitted[t] = level + trend + season[s];
    const previous = level;
    level = alpha * (y[t] - season[s]) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    season[s] = gamma * (y[t] - level) + (1 - gamma) * season[s];
  }
  return { fitted, state: { level, trend, season, next: y.length } };
}

/** The forecasts of the `days` days after the state, never below zero (demand is not negative). */
export function continueForecast(state: SmoothingState, days: number): number[] {
  const out = new Array<number>(days);
  for (let h = 1; h <= days; h++) {
    const seasonal = state.season ? state.season[(state.next + h - 1) % state.season.length] : 0;
    out[h - 1] = Math.max(0, state.level + h * state.trend + seasonal);
  }
  return out;
}

// The grids the parameters are searched over: coarse, so a fit stays well under a millisecond.
export const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];
export const BETAS = [0.01, 0.05, 0.1, 0.2, 0.3];
export const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];

function squaredError(y: readonly number[], fitted: readonly number[], from = 0): number {
  let sse = 0;
  for (let t = from; t < y.length; t++) sse += (y[t] - fitted[t]) ** 2;
  return sse;
}

/** Holt's parameters with the least one-step-ahead squared error over the series. */
export function fitHolt(y: readonly number[]): HoltParams {
  let best: HoltParams = { alpha: ALPHAS[0], beta: BETAS[0] };
  let bestSse = Infinity;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      const sse = squaredError(y, runHolt(y, { alpha, beta }).fitted);
      if (sse < bestSse) {
        bestSse = sse;
        best = { alpha, beta };
      }
    }
  }
  return best;
}

/** Holt-Winters' parameters with the least one-step-ahead squared error over the series. */
export function fitHoltWinters(y: readonly number[], period: number): HoltWintersParams {
  let best: HoltWintersParams = { alpha: ALPHAS[0], beta: BETAS[0], gamma: GAMMAS[0], period };
  let bestSse = Infinity;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const sse = squaredError(y, runHoltWinters(y, { alpha, beta, gamma, period }).fitted);
        if (sse < bestSse) {
          bestSse = sse;
          best = { alpha, beta, gamma, period };
        }
      }
    }
  }
  return best;
}

/**
 * Out-of-sample one-step RMSE of both methods: parameters fitted on all but the last `holdout`
 * days, then the filters run on through them. Null when the training part would hold fewer than
 * two seasons.
 */
export function holdoutRmse(y: readonly number[], period: number): { holt: number; holtWinters: number; days: number } | null {
  const holdout = Math.max(period, Math.floor(y.length / 4));
  const train = y.length - holdout;
  if (train < 2 * period) return null;
  const head = y.slice(0, train);
  const holt = runHolt(y, fitHolt(head)).fitted;
  const holtWinters = runHoltWinters(y, fitHoltWinters(head, period)).fitted;
  const rmse = (fitted: number[]) => Math.sqrt(squaredError(y, fitted, train) / holdout);
  return { holt: rmse(holt), holtWinters: rmse(holtWinters), days: holdout };
}

/**
 * Autocorrelation at `lag` of the series with its least squares line taken out (a trend alone
 * correlates every lag); null when too short to say.
 */
export function detrendedAutocorrelation(y: readonly number[], lag: number): number | null {
  const n = y.length;
  if (n < lag + 3) return null;
  const { intercept, slope } = leastSquaresLine(y);
  const r = y.map((v, t) => v - (intercept + slope * t));
  let den = 0;
  for (const v of r) den += v * v;
  if (den === 0) return 0;
  let num = 0;
  for (let t = lag; t < n; t++) num += r[t] * r[t - lag];
  return num / den;
}
