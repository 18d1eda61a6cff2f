import { Decider, DomainEvent } from '@orderflow/decider';
import { currentEventData, derivedId } from '@orderflow/contracts';
import { EventMetadata, EventStore, NewEvent, Tx } from '@orderflow/event-store';
import { StreamScope } from './stream-scope';

/** Who and what caused a unit of work: recorded in the metadata of every event it appends. */
export interface Cause {
  /** The message (or request) being handled: the causation id of every event it appends. */
  messageId: string;
  correlationId: string;
  traceparent?: string;
  /** e.g. `channel:webshop`, `warehouse:WH-1`, `carrier:ParcelNet`, `service:inventory-service`, `operator`. */
  actor: string;
}

/** Keep a snapshot of this stream, under a schema tag that changes when the state's shape does. */
export interface SnapshotPolicy {
  schema: string;
}

export interface Loaded<State> {
  state: State;
  /** The stream's version (0 = no stream): the expected version of the next append. */
  version: number;
}

/** Events decided for one stream, at the version they were decided on: one part of `appendInStreamOrder`. */
export interface StreamWrite<State, Event extends DomainEvent> {
  streamId: string;
  loaded: Loaded<State>;
  events: readonly Event[];
  decider?: Pick<Decider<State, unknown, Event>, 'evolve'>;
  snapshot?: SnapshotPolicy;
}

/**
 * One cause's work in a transaction: load streams, decide, append. Event ids are derived from the
 * cause, so redoing the same work yields the same ids (and so a no-op append). With a StreamScope
 * (what consumers and the factory give), streams are read once per transaction, shared with the
 * other causes applied in it, and written together when it commits; without one, each append is
 * written at once.
 */
export class UnitOfWork {
  private readonly appended = new Map<string, number>();

  constructor(
    readonly tx: Tx,
    readonly store: EventStore,
    /** The instant this work happens at, from the service's clock. */
    readonly now: Date,
    readonly cause: Cause,
    private readonly scope?: StreamScope,
  ) {}

  async load<State, Event extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
    snapshot?: SnapshotPolicy,
  ): Promise<Loaded<State>> {
    if (this.scope) return this.scope.load<State>(streamId, decider as never, snapshot?.schema);
    let state = decider.initialState();
    let version = 0;
    if (snapshot) {
      const saved = await this.store.snapshots.load<State>(this.tx, streamId, snapshot.schema);
      if (saved) ({ state, version } = saved);
    }
    const events = await this.store.readStream(streamId, { fromVersion: version + 1 }, this.tx);
    for (const e of events) {
      state = decider.evolve(state, { type: e.type, data: currentEventData(e.type, e.schemaVersion, e.data) } as Event);
      version = e.streamVersion;
    }
    return { state, version };
  }

  /**
   * Appends decided events at the version they were decided on; a concurrent writer makes this
   * throw ConcurrencyError, and the whole unit of work is retried. With a snapshot policy, the
   * state after the append is saved too.
   */
  async append<State, Event extends DomainEvent>(
    streamId: string,
    loaded: Loaded<State>,
    events: readonly Event[],
    options: { decider?: Pick<Decider<State, unknown, Event>, 'evolve'>; snapshot?: SnapshotPolicy } = {},
  ): Promise<Loaded<State>> {
    if (events.length === 0) return loaded;
    const metadata: EventMetadata = {
      correlationId: this.cause.correlationId,
      causationId: this.cause.messageId,
      actor: this.cause.actor,
      ...(this.cause.traceparent ? { traceparent: this.cause.traceparent } : {}),
    };
    const offset = this.appended.get(streamId) ?? 0;
    const newEvents: NewEvent[] = events.map((e, i) => ({
      eventId: derivedId(this.cause.messageId, `${streamId}#${offset + i}`),
      type: e.type,
      data: e.data,
      metadata,
    }));
    this.appended.set(streamId, offset + events.length);
    if (this.scope) {
      const version = this.scope.record(
        streamId,
        loaded.version,
        events.map((domain, i) => ({ domain, stored: newEvents[i] })),
        options.decider as never,
        options.snapshot?.schema,
      );
      const state = options.decider ? events.reduce(options.decider.evolve, loaded.state) : loaded.state;
      return { state, version };
    }
    const result = await this.store.append(streamId, newEvents, {
      expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
      tx: this.tx,
    });
    let state = loaded.state;
    if (options.decider) state = events.reduce(options.decider.evolve, state);
    const after = { state, version: result.nextExpectedVersion };
    if (options.snapshot) {
      if (!options.decider) throw new Error('a snapshot needs the decider to evolve the state');
      await this.store.snapshots.save(this.tx, streamId, options.snapshot.schema, after);
    }
    return after;
  }

  /**
   * Appends to several streams, one after another in ascending stream-id order, so that units of
   * work touching the same streams take their locks in one order and never deadlock (one of them
   * loses the race and is retried). Returns each stream's events and state after its append, in
   * that order: what the caller writes next for them (local views) keeps the same order.
   */
  async appendInStreamOrder<State, Event extends DomainEvent>(
    writes: readonly StreamWrite<State, Event>[],
  ): Promise<{ streamId: string; events: readonly Event[]; state: State; version: number }[]> {
    const ordered = [...writes].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const appended = [];
    for (const [i, { streamId, loaded, events, decider, snapshot }] of ordered.entries()) {
      if (i > 0 && ordered[i - 1].streamId === streamId) throw new Error(`stream ${streamId} appears twice in one appendInStreamOrder`);
      const after = await this.append(streamId, loaded, events, { decider, snapshot });
      appended.push({ streamId, events, ...after });
    }
    return appended;
  }

  /** Load, decide, append: the whole of a single-stream command. */
  async execute<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    snapshot?: SnapshotPolicy,
  ): Promise<{ events: Event[]; state: State; version: number }> {
    const loaded = await this.load(streamId, decider, snapshot);
    const events = decider.decide(command, loaded.state);
    const after = await this.append(streamId, loaded, events, { decider, snapshot });
    return { events, ...after };
  }
}
