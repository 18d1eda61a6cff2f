/** How failed webhook attempts are retried (docs/adr/0035): capped exponential backoff, then given up. */
export interface RetrySchedule {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /** A delivery still failing this long after it was enqueued (or replayed) is given up. */
  giveUpAfterMs: number;
}

/**
 * The wait after the `attempt`-th failed attempt (1-based): base·2^(attempt−1), capped, with up to
 * a fifth taken off at random so that the deliveries a receiver's outage failed together do not all
 * come back in the same instant. `random` is injected so the specs can pin it.
 */
export function retryDelayMs(schedule: Pick<RetrySchedule, 'baseMs' | 'maxMs'>, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const full = Math.min(schedule.maxMs, schedule.baseMs * 2 ** exponent);
  return Math.round(full - full * 0.2 * random());
}

export type AfterFailure = { giveUp: true } | { giveUp: false; nextAttemptAt: Date };

/**
 * What follows a failed attempt: another one after the backoff, or giving up once the window since
 * the delivery was enqueued (or replayed) has run out. A retry that would fall after the end of the
 * window is moved to the end of it, so the last try happens at the deadline, not before.
 */
export function afterFailure(schedule: RetrySchedule, attempt: number, windowStartedAt: Date, now: Date, random?: () => number): AfterFailure {
  const deadline = windowStartedAt.getTime() + schedule.giveUpAfterMs;
  if (now.getTime() >= deadline) return { giveUp: true };
  const next = Math.min(now.getTime() + retryDelayMs(schedule, attempt, random), deadline);
  return { giveUp: false, nextAttemptAt: new Date(next) };
}
