import { AppendNotifications } from '@orderflow/event-store';
import { API_KEY_CATEGORY, ApiKeys } from './api-keys';
import { Principal } from './roles';

export interface KeyCheckerOptions {
  /** The service checking keys, as recorded in ApiKeyUsed. */
  service: string;
  /** How long a checked key is trusted without asking the database again (revocations also clear it at once). */
  ttlMs?: number;
  /** How often this process records the uses of each key it saw used, as ApiKeyUsed events (and at shutdown). */
  useRecordIntervalMs?: number;
  /** Cleared whenever a key's stream is appended to (created, revoked, used) anywhere. */
  notifications?: Pick<AppendNotifications, 'subscribe'>;
  now?: () => number;
  onError?: (err: unknown) => void;
}

const MAX_CACHED = 10_000;

/**
 * Checks presented keys for one service: a database read the first time, then from memory until
 * the TTL runs out or any key changes (the store's append notification for the `apikey` category
 * clears the cache, so a revocation takes effect on the next request). Uses are counted, and
 * recorded as one event per key per interval (15 minutes) and when the service stops.
 */
export class KeyChecker {
  private readonly cache = new Map<string, { principal: Principal | undefined; at: number }>();
  private readonly uses = new Map<string, { count: number; from: number }>();
  private flushTimer?: NodeJS.Timeout;
  private generation = 0;
  private readonly unsubscribe?: () => void;
  private readonly ttlMs: number;
  private readonly useRecordIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly keys: ApiKeys,
    private readonly options: KeyCheckerOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.useRecordIntervalMs = options.useRecordIntervalMs ?? 900_000;
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.notifications?.subscribe((kind, categories) => {
      if (kind === 'reconnected' || !categories || categories.includes(API_KEY_CATEGORY)) this.invalidate();
    });
  }

  /** Forgets every checked key: the next request of each is checked against the database. */
  invalidate(): void {
    this.generation += 1;
    this.cache.clear();
  }

  async check(token: string): Promise<Principal | undefined> {
    const now = this.now();
    const cached = this.cache.get(token);
    let principal: Principal | undefined;
    if (cached && now - cached.at < this.ttlMs) {
      principal = cached.principal;
    } else {
      const generation = this.generation;
      principal = await this.keys.authenticate(token);
      // A key changed while this read was in flight: its answer may predate the change; do not keep it.
      if (generation === this.generation) {
        if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
        this.cache.set(token, { principal, at: now });
      }
    }
    if (principal) this.countUse(principal.keyId, now);
    return principal;
  }

  private countUse(keyId: string, now: number): void {
    const use = this.uses.get(keyId);
    if (use) use.count += 1;
    else this.uses.set(keyId, { count: 1, from: now });
    this.flushTimer ??= setTimeout(() => void this.flushUses(), this.useRecordIntervalMs).unref();
  }

  /**
   * Records the uses counted since the last record, one ApiKeyUsed event per key. A record that
   * fails (the database is away) is kept and tried again at the next flush.
   */
  async flushUses(): Promise<void> {
    this.flushTimer = undefined;
    const counted = [...this.uses];
    this.uses.clear();
    const to = new Date(this.now());
    for (const [keyId, use] of counted) {
      try {
        await this.keys.recordUse(keyId, { service: this.options.service, uses: use.count, from: new Date(use.from), to });
      } catch (err) {
        const later = this.uses.get(keyId);
        this.uses.set(keyId, { count: use.count + (later?.count ?? 0), from: use.from });
        this.options.onError?.(err);
      }
    }
    if (this.uses.size > 0) this.flushTimer ??= setTimeout(() => void this.flushUses(), this.useRecordIntervalMs).unref();
  }

  /** Stops listening and records the uses not yet recorded. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flushUses();
  }
}
