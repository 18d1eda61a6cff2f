import { inverseNormalCdf } from './normal';
import { SeededRandom } from './random';

describe('the inverse normal CDF (Acklam)', () => {
  it('gives the safety factors of the usual service levels to six decimals', () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormalCdf(0.9)).toBeCloseTo(1.281552, 6);
    expect(inverseNormalCdf(0.95)).toBeCloseTo(1.644854, 6);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 6);
    expect(inverseNormalCdf(0.99)).toBeCloseTo(2.326348, 6);
    expect(inverseNormalCdf(0.9999)).toBeCloseTo(3.719016, 5);
    // The lower tail, past the switch to the tail formula.
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232, 6);
  });

  it('is symmetric about one half', () => {
    for (const p of [0.01, 0.02425, 0.2, 0.4]) expect(inverseNormalCdf(p)).toBeCloseTo(-inverseNormalCdf(1 - p), 9);
  });

  it('refuses what is not a probability strictly between 0 and 1', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => inverseNormalCdf(p)).toThrow(/strictly between 0 and 1/);
  });
});

describe('the seeded random generator', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const a = new SeededRandom('demand');
    const b = new SeededRandom('demand');
    const c = new SeededRandom('other');
    const draw = (r: SeededRandom) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws normal noise of the asked mean and spread', () => {
    const r = new SeededRandom(7);
    const xs = Array.from({ length: 20_000 }, () => r.normal(3, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    // Standard errors: 2/√20000 ≈ 0.014 for the mean, 2/√40000 = 0.01 for the sd; four of them.
    expect(Math.abs(mean - 3)).toBeLessThan(0.06);
    expect(Math.abs(sd - 2)).toBeLessThan(0.04);
  });
});
