import { DEFAULT_STREAM_CACHE_SIZE } from '../config';

/** What folds a stream's events into a state: a decider, or the evolving half of one. */
export type Evolver = { initialState: () => unknown; evolve: (state: unknown, event: never) => unknown };

/** A stream as a committed transaction left it. */
export interface CachedStream {
  version: number;
  /** The version of the stream's last saved snapshot (0: none). */
  snapshotVersion: number;
  /** The state at `version`, per decider that folded it (states are immutable values). */
  states: Map<Evolver, unknown>;
}

/**
 * The states of the streams this process wrote or read last, so a hot stream (a popular SKU, an
 * order in its busy first seconds) is not read again for every transaction. A cached state is
 * only ever a guess: a transaction that decides on it checks the version when it writes (the
 * append's expected version, or the check of a stream decided on without an append), and any
 * failed transaction forgets every stream it touched. Least recently used streams go first.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(readonly capacity = DEFAULT_STREAM_CACHE_SIZE) {}

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  /**
   * Remembers what a committed transaction left, unless the cache already knows a later version:
   * a transaction that read the stream may commit after another one wrote it.
   */
  put(streamId: string, entry: CachedStream): void {
    if (this.capacity <= 0) return;
    const known = this.entries.get(streamId);
    if (known && known.version > entry.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
