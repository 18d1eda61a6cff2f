import { appendSpan } from '@orderflow/observability';
import { ConcurrencyError, EventIdReuseError, ExpectedVersion } from './errors';
import { canonicalJson, PIECE_SEPARATOR } from './hash';
import { runPrepared, SqlRunner } from './prepared';
import { AppendResult, NewEvent } from './types';

export type { SqlRunner };

export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedVersion: ExpectedVersion;
}

/**
 * A stream a unit of work decided on without appending to it: the decision holds only if the
 * stream is still at the version it was decided at (0: no stream yet).
 */
export interface StreamCheck {
  streamId: string;
  version: number;
}

/** What the store said of one stream of a multi-stream append. */
export type StreamOutcome =
  | { status: 'ok' | 'duplicate'; result: AppendResult; error?: undefined }
  | { status: 'conflict' | 'reused'; error: ConcurrencyError | EventIdReuseError; result?: undefined };

interface OutcomeRow {
  stream_id: string;
  status: 'ok' | 'duplicate' | 'conflict' | 'reused';
  version: number;
  positions: string[];
}

/**
 * One statement for any number of streams (the store's `append_events`): the expected-version
 * checks, idempotency by event id, the hash chains and one INSERT. Streams are sent in id order so
 * that concurrent calls meet in one order; each stream may appear once. Outcomes come back in the
 * order of `appends`. The store sets `recorded_at` from its own clock; `recordedAt` is taken only
 * from a member of the importer role (ADR 23), and ignored for every other caller.
 */
export async function appendStreams(
  db: SqlRunner,
  appends: readonly StreamAppend[],
  recordedAt: Date | undefined,
  checks: readonly StreamCheck[] = [],
): Promise<StreamOutcome[]> {
  const order = appends.map((_, i) => i).sort((a, b) => (appends[a].streamId < appends[b].streamId ? -1 : 1));
  const seen = new Set<string>();
  const cols = {
    streamId: [] as string[],
    expected: [] as number[],
    count: [] as number[],
    eventId: [] as string[],
    type: [] as string[],
    schemaVersion: [] as number[],
    data: [] as string[],
    metadata: [] as string[],
  };
  for (const i of order) {
    const { streamId, events, expectedVersion } = appends[i];
    if (events.length === 0) throw new Error('append needs at least one event');
    if (seen.has(streamId)) throw new Error(`stream ${streamId} appears twice in one append`);
    seen.add(streamId);
    cols.streamId.push(streamId);
    cols.expected.push(expectedVersion === 'any' ? -1 : expectedVersion === 'no_stream' ? 0 : expectedVersion);
    cols.count.push(events.length);
    for (const e of events) {
      const schemaVersion = e.schemaVersion ?? 1;
      // Round-trip through JSON so the hash sees exactly what jsonb will give back.
      cols.eventId.push(e.eventId);
      cols.type.push(e.type);
      cols.schemaVersion.push(schemaVersion);
      cols.data.push(canonicalJson(JSON.parse(JSON.stringify(e.data ?? null))));
      cols.metadata.push(canonicalJson(JSON.parse(JSON.stringify(e.metadata ?? {}))));
    }
  }
  const params = [
    cols.streamId,
    cols.expected,
    cols.count,
    cols.eventId,
    cols.type,
    cols.schemaVersion,
    // Joined, not arrays: no per-element escaping, and each event's text travels once.
    cols.data.join(PIECE_SEPARATOR),
    cols.metadata.join(PIECE_SEPARATOR),
    recordedAt ?? null,
  ];
  const rows = await appendSpan(appends.length, cols.eventId.length, () =>
    checks.length === 0
      ? runPrepared<OutcomeRow>(db, 'orderflow_append_events', APPEND_SQL, params)
      : runPrepared<OutcomeRow>(db, 'orderflow_append_events_checked', APPEND_AND_CHECK_SQL, [...params, checks.map((c) => c.streamId), checks.map((c) => c.version)]),
  );
  const checked = new Map(checks.map((c) => [c.streamId, c]));
  for (const row of rows) {
    const check = checked.get(row.stream_id);
    if (check && row.status === 'conflict') throw new ConcurrencyError(row.stream_id, check.version || 'no_stream', row.version, 'decided on without appending');
  }
  const byStream = new Map(rows.map((r) => [r.stream_id, r]));
  return appends.map(({ streamId, events, expectedVersion }) => {
    const row = byStream.get(streamId);
    if (!row) throw new Error(`the store returned no outcome for stream ${streamId}`);
    switch (row.status) {
      case 'ok':
        return { status: 'ok', result: { nextExpectedVersion: row.version, positions: row.positions.map(Number), duplicate: false } };
      case 'duplicate':
        return { status: 'duplicate', result: { nextExpectedVersion: row.version, positions: [], duplicate: true } };
      case 'conflict': {
        // The version held, so the stream's head was written by a younger transaction than this one.
        const younger = expectedVersion === row.version || (expectedVersion === 'no_stream' && row.version === 0) || expectedVersion === 'any';
        return {
          status: 'conflict',
          error: new ConcurrencyError(streamId, expectedVersion, row.version, younger ? 'last written by a younger transaction' : undefined),
        };
      }
      case 'reused':
        return { status: 'reused', error: new EventIdReuseError(events.map((e) => e.eventId)) };
    }
  });
}

const APPEND_SQL = `SELECT stream_id, status, version, positions::text[] AS positions
  FROM append_events($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::text, $8::text, $9::timestamptz)`;

/** The append, and in the same round trip the streams that must not have moved: one row per stream that did. */
const APPEND_AND_CHECK_SQL = `${APPEND_SQL}
UNION ALL
SELECT c.sid, 'conflict', c.head, '{}'::text[]
  FROM (SELECT r.sid, r.version, coalesce((SELECT max(e.stream_version) FROM events e WHERE e.stream_id = r.sid), 0) AS head
          FROM unnest($10::text[], $11::int[]) AS r(sid, version)) c
 WHERE c.head <> c.version`;

interface Waiting extends StreamAppend {
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit for appends that run in no caller's transaction: appends that arrive while earlier
 * statements are in flight wait and then go together, as one statement (one transaction, one round
 * trip). A stream's conflict fails only that append. When the whole statement fails (a race on a
 * unique key, data the server refuses), each append of the group is tried on its own, so one
 * append's trouble never becomes another's.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: SqlRunner,
    private readonly clock: () => Date,
    private readonly single: (append: StreamAppend) => Promise<AppendResult>,
    private readonly maxInFlight = 2,
    private readonly maxGroup = 64,
  ) {}

  submit(append: StreamAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group: Waiting[] = [];
      const rest: Waiting[] = [];
      const streams = new Set<string>();
      for (const w of this.queue) {
        // A stream appears once per statement; a second append to it waits for the next group.
        if (group.length < this.maxGroup && !streams.has(w.streamId)) {
          streams.add(w.streamId);
          group.push(w);
        } else rest.push(w);
      }
      this.queue = rest;
      this.inFlight += 1;
      void this.commit(group).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.single(only).then(only.resolve, only.reject);
      return;
    }
    let outcomes: StreamOutcome[];
    try {
      outcomes = await appendStreams(this.db, group, this.clock());
    } catch {
      await Promise.all(group.map((w) => this.single(w).then(w.resolve, w.reject)));
      return;
    }
    outcomes.forEach((o, i) => (o.error ? group[i].reject(o.error) : group[i].resolve(o.result)));
  }
}
