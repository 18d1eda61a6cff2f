import { randomUUID } from 'node:crypto';
import { Decider, DomainEvent } from '@orderflow/decider';
import { canonicalJson, Queryable, readStreams, Tx } from '@orderflow/event-store';
import { UnitOfWork } from '../application/unit-of-work';
import { UnitOfWorkFactory } from '../application/unit-of-work.factory';

/**
 * One kind of reference data (docs/adr/0032): entities under a key, each the stream of its own key.
 * Every change appends one event holding the entity whole (`{ [keyField]: key, ...entity,
 * [timeField]: at }`), so the last event is what holds and the earlier ones are its history. The
 * owning service keeps the latest of each in a view table, written in the same transaction, which
 * is what its decisions read.
 */
export interface ReferenceKind {
  /** What one entity is called in messages: `channel`. */
  noun: string;
  streamId(key: string): string;
  /** The one event type that records an entity: `ChannelConfigured`. */
  eventType: string;
  /** The event field that holds the key (`channel`) and the one that holds when (`configuredAt`). */
  keyField: string;
  timeField: string;
  /**
   * The view table, a constant of the owning service's code:
   * `(key text PRIMARY KEY, entity jsonb NOT NULL, version integer NOT NULL, changed_at timestamptz NOT NULL)`.
   */
  viewTable: string;
}

/** An entity as it holds now: its key, what it is, its stream's version and when it last changed. */
export interface ReferenceEntry<Entity> {
  key: string;
  entity: Entity;
  version: number;
  changedAt: string;
}

/** One change of an entity, as the store recorded it. */
export interface ReferenceChange {
  version: number;
  type: string;
  recordedAt: string;
  actor: string | null;
  data: unknown;
}

type ReferenceEvent = DomainEvent<string, Record<string, unknown>>;
interface ReferenceState<Entity> {
  entity: Entity | undefined;
}
interface Configure<Entity> {
  key: string;
  entity: Entity;
  at: string;
}

/**
 * The decider of every reference-data stream: a new entity is recorded, the one that holds already
 * is not (a PUT of the same settings appends nothing). Entities compare as canonical JSON, so
 * neither key order nor a round trip through jsonb makes a change.
 */
export function referenceDecider<Entity extends object>(kind: ReferenceKind): Decider<ReferenceState<Entity>, Configure<Entity>, ReferenceEvent> {
  return {
    initialState: () => ({ entity: undefined }),
    decide: ({ key, entity, at }, state) =>
      state.entity !== undefined && canonicalJson(state.entity) === canonicalJson(entity)
        ? []
        : [{ type: kind.eventType, data: { [kind.keyField]: key, ...entity, [kind.timeField]: at } }],
    evolve: (_, event) => ({ entity: entityOf<Entity>(kind, event.data) }),
  };
}

function entityOf<Entity>(kind: ReferenceKind, data: Record<string, unknown>): Entity {
  const { [kind.keyField]: _key, [kind.timeField]: _at, ...entity } = data;
  return entity as Entity;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

interface ViewRow {
  key: string;
  entity: unknown;
  version: number;
  changed_at: Date;
}

const entryOf = <Entity>(row: ViewRow): ReferenceEntry<Entity> => ({
  key: row.key,
  entity: row.entity as Entity,
  version: Number(row.version),
  changedAt: row.changed_at.toISOString(),
});

/** The reference data of one kind: recorded as events, read from the owning service's view. */
export class ReferenceData<Entity extends object> {
  private readonly decider: Decider<ReferenceState<Entity>, Configure<Entity>, ReferenceEvent>;

  constructor(readonly kind: ReferenceKind) {
    if (!IDENTIFIER.test(kind.viewTable)) throw new Error(`not a view table name: ${JSON.stringify(kind.viewTable)}`);
    this.decider = referenceDecider<Entity>(kind);
  }

  /**
   * Records `entity` under `key` unless it holds already: the event and the view's row in the unit
   * of work's transaction, so every replica decides with it from the commit on.
   */
  async put(uow: UnitOfWork, key: string, entity: Entity): Promise<{ entry: ReferenceEntry<Entity>; changed: boolean }> {
    const streamId = this.kind.streamId(key);
    const loaded = await uow.load(streamId, this.decider);
    const at = uow.now.toISOString();
    const events = this.decider.decide({ key, entity, at }, loaded.state);
    if (events.length === 0) {
      const [current] = await this.entries(uow.tx, [key]);
      return { entry: current ?? { key, entity, version: loaded.version, changedAt: at }, changed: false };
    }
    const { version } = await uow.append(streamId, loaded, events, { decider: this.decider });
    await uow.tx.query(
      `INSERT INTO ${this.kind.viewTable} (key, entity, version, changed_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (key) DO UPDATE SET entity = EXCLUDED.entity, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at`,
      [key, JSON.stringify(entity), version, at],
    );
    return { entry: { key, entity, version, changedAt: at }, changed: true };
  }

  /** The entries of these keys that exist, in key order. */
  async entries(db: Queryable, keys: readonly string[]): Promise<ReferenceEntry<Entity>[]> {
    const rows = (await db.query(
      `SELECT key, entity, version, changed_at FROM ${this.kind.viewTable} WHERE key = ANY($1::text[]) ORDER BY key`,
      [keys],
    )) as ViewRow[];
    return rows.map((row) => entryOf<Entity>(row));
  }

  /** Every entry in key order: for a kind small enough to decide with whole (the carriers to choose from). */
  async all(db: Queryable): Promise<ReferenceEntry<Entity>[]> {
    const rows = (await db.query(`SELECT key, entity, version, changed_at FROM ${this.kind.viewTable} ORDER BY key`)) as ViewRow[];
    return rows.map((row) => entryOf<Entity>(row));
  }

  /** Up to `limit` entries in key order, after the key `after`. */
  async page(db: Queryable, limit: number, after?: string): Promise<ReferenceEntry<Entity>[]> {
    const rows = (await db.query(
      `SELECT key, entity, version, changed_at FROM ${this.kind.viewTable} WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
      [after ?? null, limit],
    )) as ViewRow[];
    return rows.map((row) => entryOf<Entity>(row));
  }

  /** Each entry's history, oldest change first: the events of its stream with their time and actor. */
  async histories(db: Queryable, keys: readonly string[]): Promise<Map<string, ReferenceChange[]>> {
    const byStream = new Map(keys.map((key) => [this.kind.streamId(key), key]));
    const histories = new Map<string, ReferenceChange[]>(keys.map((key) => [key, []]));
    for (const e of await readStreams(db, [...byStream.keys()])) {
      histories.get(byStream.get(e.streamId)!)!.push({
        version: e.streamVersion,
        type: e.type,
        recordedAt: e.recordedAt.toISOString(),
        actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
        data: e.data,
      });
    }
    return histories;
  }

  /**
   * The first-run seed: records `entries` when no entity of this kind exists yet, and nothing after
   * that. Replicas starting at once race for the first stream; the loser's transaction is retried,
   * finds the winner's entities and records nothing. Returns how many were recorded.
   */
  async seed(units: UnitOfWorkFactory, entries: readonly (readonly [string, Entity])[], actor: string): Promise<number> {
    const messageId = randomUUID();
    return units.run({ messageId, correlationId: messageId, actor }, async (uow) => {
      if (await this.any(uow.tx)) return 0;
      for (const [key, entity] of entries) await this.put(uow, key, entity);
      return entries.length;
    });
  }

  private async any(tx: Tx): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM ${this.kind.viewTable} LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }
}
