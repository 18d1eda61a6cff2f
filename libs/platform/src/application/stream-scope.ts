import { DomainEvent } from '@orderflow/decider';
import { currentEventData } from '@orderflow/contracts';
import { EventStore, NewEvent, SnapshotStore, Tx } from '@orderflow/event-store';

type Evolver = { initialState: () => unknown; evolve: (state: unknown, event: DomainEvent) => unknown };

interface StreamEntry {
  /** The stream's version in the database when this transaction first read it. */
  storedVersion: number;
  /** Events decided in this transaction, not yet written: domain form and stored form. */
  pending: { domain: DomainEvent; stored: NewEvent }[];
  /** State after stored + pending events, per decider (deciders of one stream may differ). */
  states: Map<Evolver, unknown>;
  /** The snapshot to write at flush, when the stream keeps one: the state of this decider then. */
  snapshot?: { schema: string; decider: Evolver };
}

const snapshots = new SnapshotStore();

/**
 * Everything the units of work of one transaction decided, held until it commits: the transaction
 * may apply many messages, and each stream is read from the database at most once, decided on in
 * memory as often as its messages require, and written once, at the end, by one statement for all
 * streams (expected version: the version first read, so a concurrent writer turns the whole
 * transaction into a retried conflict). Snapshots are written once per stream, in one statement.
 * Reads and decisions hold no transaction id, so waiting on the database before the flush never
 * holds back the store's gap-safe readers.
 */
export class StreamScope {
  private readonly streams = new Map<string, StreamEntry>();
  private flushed = false;

  constructor(
    readonly tx: Tx,
    private readonly store: EventStore,
  ) {}

  /** The stream's state and version (stored and pending events), read from the database at most once. */
  async load<State>(streamId: string, decider: Evolver, snapshotSchema?: string): Promise<{ state: State; version: number }> {
    const entry = this.streams.get(streamId);
    const cached = entry?.states.get(decider);
    if (entry && cached !== undefined) return { state: cached as State, version: entry.storedVersion + entry.pending.length };

    let state = decider.initialState();
    let version = 0;
    if (snapshotSchema) {
      const saved = await snapshots.load<unknown>(this.tx, streamId, snapshotSchema);
      if (saved) ({ state, version } = saved);
    }
    const events = await this.store.readStream(streamId, { fromVersion: version + 1 }, this.tx);
    for (const e of events) {
      state = decider.evolve(state, { type: e.type, data: currentEventData(e.type, e.schemaVersion, e.data) });
      version = e.streamVersion;
    }
    if (entry) {
      // Read again with another decider: the pending events of this transaction come on top.
      for (const p of entry.pending) state = decider.evolve(state, p.domain);
      entry.states.set(decider, state);
      return { state: state as State, version: entry.storedVersion + entry.pending.length };
    }
    this.streams.set(streamId, { storedVersion: version, pending: [], states: new Map([[decider, state]]) });
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
      entry.states.set(evolver, events.reduce((s, e) => evolver.evolve(s, e.domain), state));
    }
    if (snapshotSchema && decider && entry.states.has(decider)) entry.snapshot = { schema: snapshotSchema, decider };
    return current + events.length;
  }

  /** Writes every pending event (one statement) and snapshot (one statement); once, before commit. */
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
    if (appends.length === 0) return;
    await this.store.appendIn(this.tx, appends);
    const kept = [...this.streams].filter(([, e]) => e.snapshot && e.pending.length > 0).sort(([a], [b]) => (a < b ? -1 : 1));
    if (kept.length > 0) {
      await snapshots.saveMany(
        this.tx,
        kept.map(([streamId, e]) => ({
          streamId,
          schema: e.snapshot!.schema,
          version: e.storedVersion + e.pending.length,
          state: e.states.get(e.snapshot!.decider),
        })),
      );
    }
  }
}
