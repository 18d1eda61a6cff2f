import { fitDemand, forecastDays } from './demand-forecast';
import { forecastErrors } from './errors';
import { SeededRandom } from './random';
import { fitHolt, runHolt } from './smoothing';

/** Daily demand with a known shape (`truth`) and normal noise of sd `sigma`, the same on every run. */
function generated(days: number, truth: (t: number) => number, sigma: number, seed: string): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: days }, (_, t) => truth(t) + random.normal(0, sigma));
}

const meanAbsoluteGap = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + Math.abs(x - b[i]), 0) / a.length;

/*
 * The bounds. With noise of sd σ around a known shape, no forecast made the evening before beats
 * σ on average: the noise of the day itself is unknowable. Exponential smoothing adds the error of
 * its estimates: for a smoothing constant c that is about σ²·c/(2−c) per smoothed component (level,
 * trend, season), a few percent for the constants the fit picks on such data, and the first weeks
 * before the estimates settle add a little more. Over 12 weeks the sampling spread of an RMSE is
 * about σ/√(2·84) ≈ 0.08σ. So a one-step RMSE within [0.8σ, 1.3σ] is what a model that has learnt
 * the shape achieves; one that missed the trend or the season is far outside it (below: Holt on the
 * seasonal data is over 3σ). Forecasts of the next two weeks against the noiseless truth are within
 * σ on average: the level's estimate is off by about σ·√(α/(2−α)), well under σ.
 */
const SIGMA = 2;
const DAYS = 84;

describe('demand forecasts on generated demand with a known shape', () => {
  describe('a linear trend plus noise', () => {
    const truth = (t: number) => 20 + 0.5 * t;
    const history = generated(DAYS, truth, SIGMA, 'linear trend');
    const forecast = fitDemand(history);

    it('is forecast by Holt, which tracks the trend', () => {
      expect(forecast.model).toBe('holt');
      expect(forecast.season.detected).toBe(false);
      expect(forecast.state.trend).toBeGreaterThan(0.45);
      expect(forecast.state.trend).toBeLessThan(0.55);
    });

    it('has a one-step RMSE within [0.8σ, 1.3σ], and a MAPE to match', () => {
      expect(forecast.errors.n).toBe(DAYS);
      expect(forecast.errors.rmse).toBeGreaterThan(0.8 * SIGMA);
      expect(forecast.errors.rmse).toBeLessThan(1.3 * SIGMA);
      expect(forecast.errors.residualSd).toBeLessThan(1.3 * SIGMA);
      // σ against demand of 20 to 62 a day: MAPE is a few percent.
      expect(forecast.errors.mape!).toBeLessThan(8);
    });

    it('forecasts the next two weeks within σ of the truth, rising with the trend', () => {
      const ahead = forecastDays(forecast, 14);
      const future = Array.from({ length: 14 }, (_, h) => truth(DAYS + h));
      expect(meanAbsoluteGap(ahead, future)).toBeLessThan(SIGMA);
      expect(ahead[13] - ahead[0]).toBeCloseTo(13 * 0.5, 0);
    });
  });

  describe('a trend plus a weekly season', () => {
    const WEEKDAY = [8, 3, 0, -2, -4, 10, -15];
    const truth = (t: number) => 50 + 0.3 * t + WEEKDAY[t % 7];
    const history = generated(DAYS, truth, SIGMA, 'weekly season');
    const forecast = fitDemand(history);

    it('is detected as seasonal: Holt-Winters is chosen', () => {
      expect(forecast.season.enoughHistory).toBe(true);
      expect(forecast.season.autocorrelation!).toBeGreaterThan(0.5);
      expect(forecast.season.holdout!.holtWinters).toBeLessThan(forecast.season.holdout!.holt);
      expect(forecast.model).toBe('holt-winters');
      expect(forecast.params.period).toBe(7);
    });

    it('beats Holt by far, and its one-step RMSE is within [0.8σ, 1.3σ]', () => {
      const holt = forecastErrors(history, runHolt(history, fitHolt(history)).fitted);
      expect(holt.rmse).toBeGreaterThan(3 * SIGMA);
      expect(forecast.errors.rmse).toBeLessThan(holt.rmse / 2);
      expect(forecast.errors.rmse).toBeGreaterThan(0.8 * SIGMA);
      expect(forecast.errors.rmse).toBeLessThan(1.3 * SIGMA);
    });

    it('forecasts the next two weeks, weekday by weekday, within σ of the truth', () => {
      const ahead = forecastDays(forecast, 14);
      const future = Array.from({ length: 14 }, (_, h) => truth(DAYS + h));
      expect(meanAbsoluteGap(ahead, future)).toBeLessThan(SIGMA);
      // The season's low day (-15) stays the low day.
      expect(ahead.indexOf(Math.min(...ahead.slice(0, 7)))).toBe(future.indexOf(Math.min(...future.slice(0, 7))));
    });

    it('is not taken for a season with fewer than two full weeks of history', () => {
      const short = fitDemand(history.slice(0, 13));
      expect(short.season.enoughHistory).toBe(false);
      expect(short.model).toBe('holt');
    });
  });

  it('does not see a season in noise around a level', () => {
    const forecast = fitDemand(generated(DAYS, () => 30, SIGMA, 'white noise'));
    expect(forecast.model).toBe('holt');
    expect(Math.abs(forecast.state.trend)).toBeLessThan(0.1);
    expect(forecast.errors.rmse).toBeLessThan(1.3 * SIGMA);
  });

  it('forecasts flat demand exactly, with no error', () => {
    const forecast = fitDemand(new Array(30).fill(12));
    expect(forecastDays(forecast, 7).map((x) => Number(x.toFixed(9)))).toEqual(new Array(7).fill(12));
    expect(forecast.errors).toMatchObject({ rmse: 0, mae: 0, residualSd: 0, mape: 0 });
  });

  it('forecasts zero from zero demand, and never forecasts below zero', () => {
    const zero = fitDemand(new Array(30).fill(0));
    expect(forecastDays(zero, 7)).toEqual(new Array(7).fill(0));
    expect(zero.errors.mape).toBeNull();
    const falling = fitDemand(Array.from({ length: 20 }, (_, t) => Math.max(0, 20 - 2 * t)));
    expect(forecastDays(falling, 30).every((x) => x >= 0)).toBe(true);
  });

  describe('short histories', () => {
    it('none: no model, nothing forecast', () => {
      const forecast = fitDemand([]);
      expect(forecast).toMatchObject({ model: 'none', historyDays: 0, errors: { n: 0 } });
      expect(forecastDays(forecast, 3)).toEqual([0, 0, 0]);
    });

    it('fewer than four days: their mean, with the deviations from it as the error', () => {
      expect(forecastDays(fitDemand([7]), 2)).toEqual([7, 7]);
      const three = fitDemand([3, 5, 4]);
      expect(three.model).toBe('mean');
      expect(forecastDays(three, 2)).toEqual([4, 4]);
      expect(three.errors.residualSd).toBeCloseTo(1, 9);
    });

    it('four days: Holt, following a steady rise', () => {
      const forecast = fitDemand([10, 12, 14, 16]);
      expect(forecast.model).toBe('holt');
      expect(forecastDays(forecast, 2).map((x) => Math.round(x))).toEqual([18, 20]);
    });
  });
});
