import { sleep } from './lifecycle';

/** ALLOCATED, or a status an order reaches only after it: what counts as done. */
export const ALLOCATED_OR_BEYOND = ['ALLOCATED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'] as const;

const PAGE = 500;
/** An order still not seen this long after it was sent is looked up on its own, not through the list. */
const STRAGGLER_MS = 20_000;
const STRAGGLERS_PER_POLL = 64;
const STRAGGLER_CONCURRENCY = 4;

/**
 * Watches the query API for orders reaching ALLOCATED and records, per order, when it was first
 * seen there. It reads the list endpoint filtered by status and by placedAt, from just before the
 * oldest order still awaited, page by page (so one poll costs a few requests however many orders
 * are in flight), and looks up orders that are very late one by one, so that one stuck order does
 * not widen every later poll to the whole run.
 */
export class AllocationWatch {
  /** orderId → when it was sent (ms since the epoch). Insertion order is sending order. */
  readonly pending = new Map<string, number>();
  /** orderId → milliseconds from sent to first seen ALLOCATED or beyond. */
  readonly latencies = new Map<string, number>();
  /** orderId → when it was sent, for every order ever sent. */
  readonly sentAt = new Map<string, number>();
  firstSeenAt = 0;
  lastSeenAt = 0;
  requests = 0;
  private failures = 0;

  constructor(
    private readonly queryUrl: string,
    /** The reader's Authorization header. */
    private readonly headers: Record<string, string>,
  ) {}

  sent(orderId: string, at: number): void {
    this.pending.set(orderId, at);
    this.sentAt.set(orderId, at);
  }

  /** Median latency of the first and of the last fifth of the allocated orders, in sending order. */
  latencyTrend(): { firstFifthP50: number; lastFifthP50: number } {
    const bySending = [...this.latencies].sort((a, b) => this.sentAt.get(a[0])! - this.sentAt.get(b[0])!).map(([, ms]) => ms);
    const fifth = Math.max(1, Math.floor(bySending.length / 5));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
    return { firstFifthP50: median(bySending.slice(0, fifth)), lastFifthP50: median(bySending.slice(-fifth)) };
  }

  /** Polls every `pollMs` until nothing is awaited and `sending` is over, or until `deadline`. */
  async watch(pollMs: number, sendingDone: () => boolean, deadline: () => number): Promise<void> {
    while (Date.now() < deadline()) {
      const started = Date.now();
      try {
        await this.pollOnce();
      } catch (err) {
        this.failed((err as Error).message);
      }
      if (sendingDone() && this.pending.size === 0) return;
      await sleep(Math.max(0, pollMs - (Date.now() - started)));
    }
  }

  async pollOnce(): Promise<void> {
    const now = Date.now();
    let oldestRecent: number | undefined;
    const stragglers: string[] = [];
    for (const [orderId, at] of this.pending) {
      if (now - at >= STRAGGLER_MS) {
        if (stragglers.length < STRAGGLERS_PER_POLL) stragglers.push(orderId);
      } else {
        oldestRecent = at;
        break; // sending order: every later entry is younger still
      }
    }
    if (oldestRecent !== undefined) await this.pollList(new Date(oldestRecent - 2000));
    if (stragglers.length) await this.pollEach(stragglers);
  }

  /** Current status of every awaited order (after the run: what the late ones are stuck at). */
  async statusesOfPending(limit = 200): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const ids = [...this.pending.keys()].slice(0, limit);
    await forEachBounded(ids, STRAGGLER_CONCURRENCY, async (orderId) => {
      const res = await this.get(`/orders/${orderId}`);
      const status = res.status === 200 ? String(((await res.json()) as { status?: string }).status) : `HTTP ${res.status}`;
      counts[status] = (counts[status] ?? 0) + 1;
    });
    if (this.pending.size > limit) counts[`(not looked up)`] = this.pending.size - limit;
    return counts;
  }

  private async pollList(placedFrom: Date): Promise<void> {
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const params = new URLSearchParams({ status: ALLOCATED_OR_BEYOND.join(','), placedFrom: placedFrom.toISOString(), limit: String(PAGE) });
      if (cursor) params.set('cursor', cursor);
      const res = await this.get(`/orders?${params}`);
      if (res.status !== 200) {
        this.failed(`GET /orders answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        return;
      }
      const body = (await res.json()) as { orders: { orderId: string }[]; nextCursor: string | null };
      const at = Date.now();
      for (const o of body.orders) this.seen(o.orderId, at);
      cursor = body.nextCursor;
      if (!cursor) return;
    }
  }

  private async pollEach(orderIds: string[]): Promise<void> {
    await forEachBounded(orderIds, STRAGGLER_CONCURRENCY, async (orderId) => {
      const res = await this.get(`/orders/${orderId}`);
      if (res.status === 404) return void (await res.text());
      if (res.status !== 200) return this.failed(`GET /orders/${orderId} answered ${res.status}`);
      const body = (await res.json()) as { status: string };
      if ((ALLOCATED_OR_BEYOND as readonly string[]).includes(body.status)) this.seen(orderId, Date.now());
    });
  }

  private seen(orderId: string, at: number): void {
    const sentAt = this.pending.get(orderId);
    if (sentAt === undefined) return;
    this.pending.delete(orderId);
    this.latencies.set(orderId, at - sentAt);
    this.firstSeenAt = this.firstSeenAt ? Math.min(this.firstSeenAt, at) : at;
    this.lastSeenAt = Math.max(this.lastSeenAt, at);
  }

  private async get(path: string): Promise<Response> {
    this.requests += 1;
    return fetch(`${this.queryUrl}${path}`, { headers: this.headers, signal: AbortSignal.timeout(30_000) });
  }

  private failed(message: string): void {
    this.failures += 1;
    if (this.failures <= 5) console.error(`query API: ${message}`);
    if (this.failures > 50) throw new Error(`the query API keeps failing: ${message}`);
  }
}

export async function forEachBounded<T>(items: readonly T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}
