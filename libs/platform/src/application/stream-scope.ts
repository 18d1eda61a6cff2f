import { DomainEvent } from '@orderflow/decider';
import { currentEventData } from '@orderflow/contracts';
import { ConcurrencyError, EventStore, NewEvent, Tx } from '@orderflow/event-store';
import { Evolver, StreamStateCache } from './stream-cache';

interface StreamEntry {
  /** The stream's version in the database when this transaction first saw it. */
  storedVersion: number;
  /** Seen in the cache rather than read: the flush checks it did not move meanwhile. */
  fromCache: boolean;
  snapshotVersion: number;
  /** Events decided in this transaction, not yet written: domain form and stored form. */
  pending: { domain: DomainEvent; stored: NewEvent }[];
  /** State after stored + pending events, per decider (deciders of one stream may differ). */
  states: Map<Evolver, unknown>;
  /** The snapshot policy of the stream, when it keeps one: this decider's state is saved. */
  snapshot?: { schema: string; decider: Evolver };
}


/**
 * A stream keeps a snapshot every this many events: often enough that a cold read folds at most
 * this many, rarely enough that a stream with a big state (a popular SKU's open reservations) is
 * not rewritten whole by every transaction. Between snapshots, the process's StreamStateCache
 * spares the read.
 */
export const SNAPSHOT_EVERY_EVENTS = 100;

/**
 * Everything the units of work of one transaction decided, held until it commits: the transaction
 * may apply many messages, and each stream is read at most once (not at all when the process's
 * StreamStateCache holds it), decided on in memory as often as its messages require, and written
 * once, at the end, by one statement for all streams (expected version: the version first seen, so
 * a concurrent writer, or a stale cache entry, turns the whole transaction into a retried
 * conflict). Streams decided on from the cache without an append are checked by the same
 * statement. Reads and decisions hold no transaction id, so waiting on the database before the
 * flush never holds back the store's gap-safe readers.
 */
export class StreamScope {
  private readonly streams = new Map<string, StreamEntry>();
  private flushed = false;

  constructor(
    readonly tx: Tx,
    private readonly store: EventStore,
    private readonly cache?: StreamStateCache,
    /** Read every stream from the database (what it leaves behind is still remembered). */
    private readonly readFresh = false,
  ) {}

  /** The stream's state and version (stored and pending events), read from the database at most once. */
  async load<State>(streamId: string, decider: Evolver, snapshotSchema?: string): Promise<{ state: State; version: number }> {
    let entry = this.streams.get(streamId);
    if (!entry) {
      const cached = this.readFresh ? undefined : this.cache?.get(streamId);
      if (cached) {
        entry = { storedVersion: cached.version, fromCache: true, snapshotVersion: cached.snapshotVersion, pending: [], states: new Map(cached.states) };
        this.streams.set(streamId, entry);
      }
    }
    const known = entry?.states.get(decider);
    if (entry && known !== undefined) return { state: known as State, version: entry.storedVersion + entry.pending.length };

    let state = decider.initialState();
    let version = 0;
    let snapshotVersion = 0;
    if (snapshotSchema) {
      const saved = await this.store.snapshots.load<unknown>(this.tx, streamId, snapshotSchema);
      if (saved) ({ state, version } = saved);
      snapshotVersion = version;
    }
    const events = await this.store.readStream(streamId, { fromVersion: version + 1 }, this.tx);
    for (const e of events) {
      state = decider.evolve(state, { type: e.type, data: currentEventData(e.type, e.schemaVersion, e.data) } as never);
      version = e.streamVersion;
    }
    if (entry) {
      // Read again with another decider: the pending events of this transaction come on top.
      if (version !== entry.storedVersion) {
        throw new ConcurrencyError(streamId, entry.storedVersion || 'no_stream', version, 'moved while this transaction decided on it');
      }
      for (const p of entry.pending) state = decider.evolve(state, p.domain as never);
      entry.states.set(decider, state);
      return { state: state as State, version: entry.storedVersion + entry.pending.length };
    }
    this.streams.set(streamId, { storedVersion: version, fromCache: false, snapshotVersion, pending: [], states: new Map([[decider, state]]) });
    return { state: state as State, version };
  }

  /**
   * Records decided events on top of what `load` returned. `decidedAt` is the version the decision
   * saw; anything else means a caller decided on a stale state, which would be a bug here.
   */
  record(streamId: string, decidedAt: number, events: { domain: DomainEvent; stored: NewEvent }[], decider?: Evolver, snapshotSchema?: string): number {
    const entry = this.streams.get(streamId);
    if (!entry) throw new Error(`stream ${streamId} was appended to without being loaded in this unit of work`);
    const current = entry.storedVersion + entry.pending.length;
    if (decidedAt !== current) throw new Error(`stream ${streamId}: decided at version ${decidedAt}, but it is at ${current} in this transaction`);
    entry.pending.push(...events);
    for (const [evolver, state] of entry.states) {
      entry.states.set(evolver, events.reduce((s, e) => evolver.evolve(s, e.domain as never), state));
    }
    if (snapshotSchema && decider && entry.states.has(decider)) entry.snapshot = { schema: snapshotSchema, decider };
    return current + events.length;
  }

  /**
   * Writes every pending event and checks every stream decided on from the cache (one statement),
   * then the snapshots that are due (one statement); once, before commit.
   */
  async flush(): Promise<void> {
    if (this.flushed) return;
    this.flushed = true;
    const appends = [...this.streams]
      .filter(([, e]) => e.pending.length > 0)
      .map(([streamId, e]) => ({
        streamId,
        events: e.pending.map((p) => p.stored),
        expectedVersion: e.storedVersion === 0 ? ('no_stream' as const) : e.storedVersion,
      }));
    const unchanged = [...this.streams]
      .filter(([, e]) => e.pending.length === 0 && e.fromCache)
      .map(([streamId, e]) => ({ streamId, version: e.storedVersion }));
    if (appends.length === 0 && unchanged.length === 0) return;
    await this.store.appendIn(this.tx, appends, unchanged);
    const due = [...this.streams]
      .filter(([, e]) => e.snapshot && e.pending.length > 0 && e.storedVersion + e.pending.length - e.snapshotVersion >= SNAPSHOT_EVERY_EVENTS)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (due.length > 0) {
      await this.store.snapshots.saveMany(
        this.tx,
        due.map(([streamId, e]) => ({
          streamId,
          schema: e.snapshot!.schema,
          version: e.storedVersion + e.pending.length,
          state: e.states.get(e.snapshot!.decider),
        })),
      );
      for (const [, e] of due) e.snapshotVersion = e.storedVersion + e.pending.length;
    }
  }

  /**
   * The transaction ended: what it committed is what the streams are now; after a rollback (or a
   * commit whose outcome is unknown) nothing it saw is trusted.
   */
  settled(committed: boolean): void {
    if (!this.cache) return;
    for (const [streamId, e] of this.streams) {
      if (committed && this.flushed) {
        this.cache.put(streamId, { version: e.storedVersion + e.pending.length, snapshotVersion: e.snapshotVersion, states: e.states });
      } else this.cache.forget(streamId);
    }
  }
}
