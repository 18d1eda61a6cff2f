/** Where a projection (or the store) stands relative to the position a request asked for. */
export interface PositionCheck {
  reached: boolean;
  /** The position it has reached. */
  position: number;
}

export type WaitResult =
  | { outcome: 'reached'; check: PositionCheck }
  /** The time ran out; `check` is the last answer, undefined when the database answered none in time. */
  | { outcome: 'timed-out'; check?: PositionCheck }
  /** As many requests as allowed are waiting already. */
  | { outcome: 'busy' };

export interface WaitLimits {
  /** How long one request may wait, the last check included. */
  timeoutMs: number;
  /** How many requests may wait at once. */
  maxWaiters: number;
}

const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 200;

/**
 * Read-your-writes waits with bounds, so a flood of minPosition far ahead cannot pin the process:
 * each wait ends by its deadline even when the database does not answer, at most `maxWaiters`
 * wait at once (a wait holds its place until its last check has returned, so abandoned checks
 * are counted too), and the checks of a long wait space out (25 ms doubling to 200 ms). The
 * first check is taken without a place: a position already reflected never waits.
 */
export class PositionWaits {
  private waiting = 0;

  constructor(private readonly limits: WaitLimits) {}

  /** Requests waiting now. */
  get size(): number {
    return this.waiting;
  }

  async until(check: () => Promise<PositionCheck>): Promise<WaitResult> {
    const { timeoutMs, maxWaiters } = this.limits;
    if (timeoutMs === 0) {
      const now = await check();
      return now.reached ? { outcome: 'reached', check: now } : { outcome: 'timed-out', check: now };
    }
    const deadline = Date.now() + timeoutMs;
    const first = await answeredBy(check(), deadline);
    if (first.answered && first.check.reached) return { outcome: 'reached', check: first.check };
    if (!first.answered || Date.now() >= deadline) return { outcome: 'timed-out', check: first.check };
    if (this.waiting >= maxWaiters) return { outcome: 'busy' };

    this.waiting += 1;
    let lastQuery: Promise<unknown> = Promise.resolve();
    try {
      let last = first.check;
      for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
        await sleep(Math.min(pause, deadline - Date.now()));
        const query = check();
        lastQuery = query.catch(() => undefined);
        const next = await answeredBy(query, deadline);
        if (!next.answered) return { outcome: 'timed-out', check: last };
        last = next.check;
        if (last.reached) return { outcome: 'reached', check: last };
        if (Date.now() >= deadline) return { outcome: 'timed-out', check: last };
      }
    } finally {
      void lastQuery.then(() => (this.waiting -= 1));
    }
  }
}

/** The check's answer if it comes by the deadline; the query itself runs on regardless. */
async function answeredBy(query: Promise<PositionCheck>, deadline: number): Promise<{ answered: true; check: PositionCheck } | { answered: false; check?: undefined }> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<'time-up'>((resolve) => (timer = setTimeout(() => resolve('time-up'), Math.max(0, deadline - Date.now()))));
  try {
    const first = await Promise.race([query, timeUp]);
    if (first === 'time-up') {
      query.catch(() => undefined); // answered after the request was; its failure no longer matters
      return { answered: false };
    }
    return { answered: true, check: first };
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
