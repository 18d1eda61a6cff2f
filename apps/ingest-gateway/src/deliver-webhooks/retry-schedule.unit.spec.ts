import { afterFailure, retryDelayMs, RetrySchedule } from './retry-schedule';

const HOUR = 3_600_000;
const schedule: RetrySchedule = { baseMs: 1000, maxMs: HOUR, giveUpAfterMs: 24 * HOUR };
const noJitter = () => 0;

describe('the webhook retry schedule', () => {
  it('doubles from the base after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(schedule, n, noJitter))).toEqual([1000, 2000, 4000, 8000, 16_000, 512_000]);
    expect(retryDelayMs(schedule, 13, noJitter)).toBe(HOUR);
    expect(retryDelayMs(schedule, 1000, noJitter)).toBe(HOUR);
  });

  it('takes at most a fifth off at random, so deliveries failed together spread out', () => {
    expect(retryDelayMs(schedule, 3, () => 0.999_999)).toBe(3200);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(schedule, 20);
      expect(d).toBeGreaterThanOrEqual(0.8 * HOUR);
      expect(d).toBeLessThanOrEqual(HOUR);
    }
  });

  it('keeps retrying for the whole window: about 35 attempts in 24 hours at the defaults', () => {
    const start = new Date('2026-12-02T00:00:00Z');
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = afterFailure(schedule, attempts, start, now, noJitter);
      if (next.giveUp) break;
      now = next.nextAttemptAt;
    }
    expect(now.getTime() - start.getTime()).toBe(24 * HOUR); // the last try at the deadline, not before
    expect(attempts).toBeGreaterThan(30);
    expect(attempts).toBeLessThan(40);
  });

  it('gives up once the window since the delivery was enqueued (or replayed) has run out', () => {
    const start = new Date('2026-12-02T00:00:00Z');
    expect(afterFailure(schedule, 3, start, new Date(start.getTime() + 24 * HOUR), noJitter)).toEqual({ giveUp: true });
    expect(afterFailure(schedule, 3, start, new Date(start.getTime() + 24 * HOUR - 1), noJitter)).toEqual({ giveUp: false, nextAttemptAt: new Date(start.getTime() + 24 * HOUR) });
    expect(afterFailure(schedule, 1, start, start, noJitter)).toEqual({ giveUp: false, nextAttemptAt: new Date(start.getTime() + 1000) });
  });
});
