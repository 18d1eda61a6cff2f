import { Queryable } from './event-store';

export interface Snapshot<State> {
  version: number;
  state: State;
}

/** Snapshots are keyed by stream and tagged with the state's schema: another schema is ignored. */
export class SnapshotStore {
  async load<State>(db: Queryable, streamId: string, schema: string): Promise<Snapshot<State> | undefined> {
    const [row] = (await db.query(`SELECT version, schema, state FROM snapshots WHERE stream_id = $1`, [streamId])) as {
      version: number;
      schema: string;
      state: State;
    }[];
    if (!row || row.schema !== schema) return undefined;
    return { version: row.version, state: row.state };
  }

  async save<State>(db: Queryable, streamId: string, schema: string, snapshot: Snapshot<State>): Promise<void> {
    await db.query(
      `INSERT INTO snapshots (stream_id, version, schema, state, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
       ON CONFLICT (stream_id) DO UPDATE
         SET version = EXCLUDED.version, schema = EXCLUDED.schema, state = EXCLUDED.state, updated_at = now()
       WHERE snapshots.version < EXCLUDED.version OR snapshots.schema <> EXCLUDED.schema`,
      [streamId, snapshot.version, schema, JSON.stringify(snapshot.state)],
    );
  }

  /** Saves many streams' snapshots in one statement (a unit of work's flush). */
  async saveMany(db: Queryable, items: readonly { streamId: string; schema: string; version: number; state: unknown }[]): Promise<void> {
    if (items.length === 0) return;
    await db.query(
      `INSERT INTO snapshots (stream_id, version, schema, state, updated_at)
       SELECT s.stream_id, s.version, s.schema, s.state, now()
         FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[]) AS s(stream_id, version, schema, state)
       ON CONFLICT (stream_id) DO UPDATE
         SET version = EXCLUDED.version, schema = EXCLUDED.schema, state = EXCLUDED.state, updated_at = now()
       WHERE snapshots.version < EXCLUDED.version OR snapshots.schema <> EXCLUDED.schema`,
      [items.map((i) => i.streamId), items.map((i) => i.version), items.map((i) => i.schema), items.map((i) => JSON.stringify(i.state))],
    );
  }
}
