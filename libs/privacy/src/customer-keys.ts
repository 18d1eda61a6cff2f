import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppendNotifications, EventStore, NewEvent, withTransaction } from '@orderflow/event-store';
import { Lru } from './lru';
import { keyEncryptionKeyOf, newDataKey, newKeyRef, unwrapDataKey, wrapDataKey } from './sealing';

/** Erasures are events on `customer-<keyRef>` streams: an append of this category clears every cache. */
export const CUSTOMER_CATEGORY = 'customer';
export const customerKeyStream = (keyRef: string) => `${CUSTOMER_CATEGORY}-${keyRef}`;

/** Whose key: customer ids are the channel's own, so one channel's customer 42 is not another's. */
export interface CustomerRef {
  channel: string;
  customerId: string;
}

export interface LiveKey {
  keyRef: string;
  dataKey: Buffer;
}

/** What opening needs to know of a key: its data key, or that it was erased (or never existed). */
export type KeyState = { state: 'live'; dataKey: Buffer } | { state: 'erased' } | { state: 'unreadable' };

export interface ErasedKey {
  keyRef: string;
  channel: string;
  customerId: string;
  createdAt: string;
  erasedAt: string;
}

export class CustomerKeyError extends Error {
  override readonly name = 'CustomerKeyError';
}

export interface CustomerKeysOptions {
  /** The master key's bytes; without it keys can be neither made nor opened (erasure still works). */
  masterKey?: Buffer;
  /** Cleared on every append of the `customer` category anywhere, and when the listener reconnects. */
  notifications?: Pick<AppendNotifications, 'subscribe'>;
  /** How long a live key is trusted without the database, should a notification be missed (default 60 s). */
  ttlMs?: number;
  /** Keys kept in memory, per direction (sealing by customer, opening by ref). */
  capacity?: number;
  now?: () => number;
}

interface KeyRow {
  key_ref: string;
  channel: string;
  customer_id: string;
  wrapped_key: Buffer | null;
}

/** The key of a customer in the maps `keysFor` returns and caches. */
export const customerKey = (c: CustomerRef) => `${c.channel}\u0000${c.customerId}`;

/**
 * The `customer_keys` table (docs/adr/0022): one data key per customer, wrapped by the master key.
 * Sealing asks for the keys of a batch's customers in at most two statements, and only for those not
 * cached; opening asks for the keys of a batch's refs in one. Erasing nulls the wrapped key and records
 * CustomerErased in the same transaction; every process forgets its cached keys on that append.
 */
export class CustomerKeys {
  private readonly kek?: Buffer;
  private readonly byCustomer: Lru<string, { key: LiveKey; at: number }>;
  private readonly byRef: Lru<string, { key: KeyState; at: number }>;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private generation = 0;
  private readonly unsubscribe?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    options: CustomerKeysOptions = {},
    private readonly store: EventStore = new EventStore(dataSource),
  ) {
    this.kek = options.masterKey && keyEncryptionKeyOf(options.masterKey);
    this.byCustomer = new Lru(options.capacity ?? 10_000);
    this.byRef = new Lru(options.capacity ?? 10_000);
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.notifications?.subscribe((kind, categories) => {
      if (kind === 'reconnected' || !categories || categories.includes(CUSTOMER_CATEGORY)) this.invalidate();
    });
  }

  /** Whether this process holds the master key, so it can seal and open. */
  get canSeal(): boolean {
    return this.kek !== undefined;
  }

  invalidate(): void {
    this.generation += 1;
    this.byCustomer.clear();
    this.byRef.clear();
  }

  close(): void {
    this.unsubscribe?.();
  }

  /**
   * The live key of each customer, made where there is none yet (a new customer, or one erased
   * before): one INSERT ... ON CONFLICT DO NOTHING RETURNING for the misses, then one SELECT for
   * those another process made first.
   */
  async keysFor(customers: readonly CustomerRef[]): Promise<Map<string, LiveKey>> {
    const kek = this.requireKek();
    const now = this.now();
    const found = new Map<string, LiveKey>();
    const missing = new Map<string, CustomerRef>();
    for (const c of customers) {
      const k = customerKey(c);
      if (found.has(k) || missing.has(k)) continue;
      const cached = this.byCustomer.get(k);
      if (cached && now - cached.at < this.ttlMs) found.set(k, cached.key);
      else missing.set(k, c);
    }
    if (missing.size === 0) return found;
    const generation = this.generation;
    const wanted = [...missing.values()];
    const fresh = wanted.map((c) => {
      const keyRef = newKeyRef();
      return { c, keyRef, wrapped: wrapDataKey(kek, keyRef, newDataKey()) };
    });
    const inserted = (await this.dataSource.query(
      `INSERT INTO customer_keys (key_ref, channel, customer_id, wrapped_key)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])
       ON CONFLICT (channel, customer_id) WHERE wrapped_key IS NOT NULL DO NOTHING
       RETURNING key_ref, channel, customer_id, wrapped_key`,
      [fresh.map((f) => f.keyRef), fresh.map((f) => f.c.channel), fresh.map((f) => f.c.customerId), fresh.map((f) => f.wrapped)],
    )) as KeyRow[];
    const rows = [...inserted];
    if (inserted.length < wanted.length) {
      const made = new Set(inserted.map((r) => customerKey({ channel: r.channel, customerId: r.customer_id })));
      const others = wanted.filter((c) => !made.has(customerKey(c)));
      rows.push(
        ...((await this.dataSource.query(
          `SELECT k.key_ref, k.channel, k.customer_id, k.wrapped_key
             FROM customer_keys k JOIN unnest($1::text[], $2::text[]) AS w(channel, customer_id)
                  ON k.channel = w.channel AND k.customer_id = w.customer_id
            WHERE k.wrapped_key IS NOT NULL`,
          [others.map((c) => c.channel), others.map((c) => c.customerId)],
        )) as KeyRow[]),
      );
    }
    for (const row of rows) {
      const dataKey = unwrapDataKey(kek, row.key_ref, row.wrapped_key!);
      if (!dataKey) throw new CustomerKeyError(`customer key ${row.key_ref} does not open with this master key (PII_MASTER_KEY): is it the one the keys were made with?`);
      const k = customerKey({ channel: row.channel, customerId: row.customer_id });
      const key = { keyRef: row.key_ref, dataKey };
      found.set(k, key);
      // An erasure while this read was in flight: its answer may predate it; do not keep it.
      if (generation === this.generation) this.byCustomer.set(k, { key, at: now });
    }
    for (const c of wanted) {
      // Erased between the two statements: the next attempt makes a fresh key.
      if (!found.has(customerKey(c))) throw new CustomerKeyError(`the key of customer ${c.customerId} of channel ${c.channel} changed meanwhile; retry`);
    }
    return found;
  }

  /** What each ref's key is now: one SELECT for the refs not cached. */
  async stateOf(keyRefs: readonly string[]): Promise<Map<string, KeyState>> {
    const now = this.now();
    const states = new Map<string, KeyState>();
    const missing: string[] = [];
    for (const ref of new Set(keyRefs)) {
      const cached = this.byRef.get(ref);
      // Erasure is for good: an erased key is never read again.
      if (cached && (cached.key.state !== 'live' || now - cached.at < this.ttlMs)) states.set(ref, cached.key);
      else missing.push(ref);
    }
    if (missing.length === 0) return states;
    const generation = this.generation;
    const rows = (await this.dataSource.query(`SELECT key_ref, channel, customer_id, wrapped_key FROM customer_keys WHERE key_ref = ANY($1::text[])`, [
      missing,
    ])) as KeyRow[];
    const byRef = new Map(rows.map((r) => [r.key_ref, r]));
    for (const ref of missing) {
      const row = byRef.get(ref);
      let key: KeyState;
      if (!row || row.wrapped_key === null) key = { state: 'erased' };
      else {
        const dataKey = this.kek && unwrapDataKey(this.kek, ref, row.wrapped_key);
        key = dataKey ? { state: 'live', dataKey } : { state: 'unreadable' };
      }
      states.set(ref, key);
      if (generation === this.generation && key.state !== 'unreadable') this.byRef.set(ref, { key, at: now });
    }
    return states;
  }

  /**
   * Destroys the keys of a customer (of one channel, or of every channel that knows the id) and
   * records CustomerErased on each key's stream with the actor, in one transaction. Erasing a
   * customer with no live key is refused, naming what was found.
   */
  async erase(input: { customerId: string; channel?: string; actor: string }): Promise<ErasedKey[]> {
    const { customerId, channel, actor } = input;
    if (customerId.trim() === '') throw new CustomerKeyError('--customer: expected a customer id');
    return withTransaction(this.dataSource, async (tx) => {
      const rows = (await tx.query(
        `SELECT key_ref, channel, customer_id, created_at FROM customer_keys
          WHERE customer_id = $1 AND ($2::text IS NULL OR channel = $2) AND wrapped_key IS NOT NULL
          ORDER BY channel, created_at FOR UPDATE`,
        [customerId, channel ?? null],
      )) as (KeyRow & { created_at: Date })[];
      if (rows.length === 0) {
        const [earlier] = (await tx.query(
          `SELECT count(*)::int AS erased FROM customer_keys WHERE customer_id = $1 AND ($2::text IS NULL OR channel = $2)`,
          [customerId, channel ?? null],
        )) as { erased: number }[];
        const whose = `customer ${JSON.stringify(customerId)}${channel ? ` of channel ${JSON.stringify(channel)}` : ''}`;
        throw new CustomerKeyError(earlier.erased > 0 ? `${whose} was already erased` : `no key of ${whose}: nothing of it was ever sealed`);
      }
      const [{ now }] = (await tx.query(`SELECT now() AS now`)) as { now: Date }[];
      await tx.query(`UPDATE customer_keys SET wrapped_key = NULL, erased_at = $2, erased_by = $3 WHERE key_ref = ANY($1::text[])`, [
        rows.map((r) => r.key_ref),
        now,
        actor,
      ]);
      const erased = rows.map((r) => ({
        keyRef: r.key_ref,
        channel: r.channel,
        customerId: r.customer_id,
        createdAt: r.created_at.toISOString(),
        erasedAt: now.toISOString(),
      }));
      await this.store.appendIn(
        tx,
        erased.map((e) => {
          const eventId = randomUUID();
          const event: NewEvent = {
            eventId,
            type: 'CustomerErased',
            data: { keyRef: e.keyRef, channel: e.channel, customerId: e.customerId, erasedAt: e.erasedAt },
            metadata: { correlationId: eventId, actor },
          };
          return { streamId: customerKeyStream(e.keyRef), events: [event], expectedVersion: 'no_stream' as const };
        }),
      );
      return erased;
    });
  }

  private requireKek(): Buffer {
    if (!this.kek) throw new CustomerKeyError('no master key for personal data: set PII_MASTER_KEY, or PII_MASTER_KEY_FILE to a file holding it');
    return this.kek;
  }
}
