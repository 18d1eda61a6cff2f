import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Queryable } from './event-store';
import { canonicalJson } from './hash';

export interface Snapshot<State> {
  version: number;
  state: State;
}

/**
 * Snapshots are keyed by stream and tagged with the state's schema: another schema is ignored.
 *
 * Each carries an HMAC-SHA256 of its stream, version, schema and canonical state, under a key that
 * lives outside the database (ADR 23). A snapshot whose MAC does not verify (changed in the table,
 * moved to another stream, written before MACs or under another key) is never trusted: the stream
 * is replayed from its first event instead, which costs time and never correctness. Without a
 * configured key each process draws its own, so it trusts only the snapshots it wrote itself.
 */
export class SnapshotStore {
  /** Snapshots refused for their MAC, since this store was made. */
  rejected = 0;

  constructor(private readonly key: Buffer = randomBytes(32)) {}

  async load<State>(db: Queryable, streamId: string, schema: string): Promise<Snapshot<State> | undefined> {
    const [row] = (await db.query(`SELECT version, schema, state, mac FROM snapshots WHERE stream_id = $1`, [streamId])) as {
      version: number;
      schema: string;
      state: State;
      mac: string | null;
    }[];
    if (!row || row.schema !== schema) return undefined;
    const expected = Buffer.from(this.mac(streamId, row.version, row.schema, canonicalJson(row.state)), 'hex');
    const got = Buffer.from(row.mac ?? '', 'hex');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      this.rejected++;
      return undefined;
    }
    return { version: row.version, state: row.state };
  }

  private mac(streamId: string, version: number, schema: string, canonicalState: string): string {
    return createHmac('sha256', this.key).update(`${streamId}\n${version}\n${schema}\n${canonicalState}`).digest('hex');
  }

  /** The state as jsonb gives it back (JSON round trip), and its MAC over the canonical text. */
  private sealed(streamId: string, version: number, schema: string, state: unknown): { text: string; mac: string } {
    const text = canonicalJson(JSON.parse(JSON.stringify(state)));
    return { text, mac: this.mac(streamId, version, schema, text) };
  }

  async save<State>(db: Queryable, streamId: string, schema: string, snapshot: Snapshot<State>): Promise<void> {
    await db.query(
      `INSERT INTO snapshots (stream_id, version, schema, state, mac, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, now())
       ON CONFLICT (stream_id) DO UPDATE
         SET version = EXCLUDED.version, schema = EXCLUDED.schema, state = EXCLUDED.state, mac = EXCLUDED.mac, updated_at = now()
       WHERE snapshots.version < EXCLUDED.version OR snapshots.schema <> EXCLUDED.schema`,
      [streamId, snapshot.version, schema, ...Object.values(this.sealed(streamId, snapshot.version, schema, snapshot.state))],
    );
  }

  /** Saves many streams' snapshots in one statement (a unit of work's flush). */
  async saveMany(db: Queryable, items: readonly { streamId: string; schema: string; version: number; state: unknown }[]): Promise<void> {
    if (items.length === 0) return;
    const sealed = items.map((i) => this.sealed(i.streamId, i.version, i.schema, i.state));
    await db.query(
      `INSERT INTO snapshots (stream_id, version, schema, state, mac, updated_at)
       SELECT s.stream_id, s.version, s.schema, s.state, s.mac, now()
         FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::text[]) AS s(stream_id, version, schema, state, mac)
       ON CONFLICT (stream_id) DO UPDATE
         SET version = EXCLUDED.version, schema = EXCLUDED.schema, state = EXCLUDED.state, mac = EXCLUDED.mac, updated_at = now()
       WHERE snapshots.version < EXCLUDED.version OR snapshots.schema <> EXCLUDED.schema`,
      [items.map((i) => i.streamId), items.map((i) => i.version), items.map((i) => i.schema), sealed.map((s) => s.text), sealed.map((s) => s.mac)],
    );
  }
}
