/** How far one-step-ahead forecasts were from what happened. */
export interface ForecastErrors {
  /** How many forecasts were measured. */
  n: number;
  mae: number;
  rmse: number;
  /** Sample standard deviation of the residuals: the daily σ safety stock is sized with. */
  residualSd: number;
  /** Mean absolute percentage error over the days with demand, in percent; null when no day had any. */
  mape: number | null;
}

export const NO_ERRORS: ForecastErrors = { n: 0, mae: 0, rmse: 0, residualSd: 0, mape: null };

/** Errors of forecasts `predicted` of `actual`, pairwise. */
export function forecastErrors(actual: readonly number[], predicted: readonly number[]): ForecastErrors {
  if (actual.length !== predicted.length) throw new RangeError(`${actual.length} actual values but ${predicted.length} forecasts`);
  const n = actual.length;
  if (n === 0) return NO_ERRORS;
  let absolute = 0;
  let squared = 0;
  let sum = 0;
  let percent = 0;
  let withDemand = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - predicted[i];
    absolute += Math.abs(e);
    squared += e * e;
    sum += e;
    if (actual[i] !== 0) {
      percent += Math.abs(e / actual[i]);
      withDemand += 1;
    }
  }
  const mean = sum / n;
  let deviation = 0;
  for (let i = 0; i < n; i++) deviation += (actual[i] - predicted[i] - mean) ** 2;
  return {
    n,
    mae: absolute / n,
    rmse: Math.sqrt(squared / n),
    residualSd: n > 1 ? Math.sqrt(deviation / (n - 1)) : 0,
    mape: withDemand > 0 ? (100 * percent) / withDemand : null,
  };
}
