import { z } from 'zod';
import { eventColumns, EventRow, toStoredEvent } from './event-row';
import { eventHash, GENESIS_HASH } from './hash';
import { sameMac, sealHeadMac, sealHeadsDigest, sealKeyId, sealSignature } from './seals';
import type { Queryable } from './event-store';
import { StoredEvent } from './types';

/** What a verification found, each naming the stream (docs/adr/0019). */
export const AuditFindingKind = z
  .enum(['altered', 'removed-tail', 'removed-stream', 'seal-forged'])
  .describe(
    'altered: an event no longer follows from the one before it (hash, previous hash or version) or no longer matches its own hash; ' +
      'removed-tail: the stream is now below, or differs at, a version a seal recorded (rewritten from there or before); ' +
      'removed-stream: a sealed stream has no events left; ' +
      'seal-forged: a seal, or a head in it, does not verify with the key, or a seal is missing from the chain',
  );
export type AuditFindingKind = z.infer<typeof AuditFindingKind>;

const count = () => z.number().int();

export const AuditFinding = z.object({
  kind: AuditFindingKind,
  streamId: z.string().optional().describe('The stream concerned; absent only for a finding about a seal as a whole'),
  streamVersion: count().optional().describe('altered: the event; removed-*: the version the seal recorded; seal-forged: the head'),
  globalPosition: count().optional().describe('altered: the event'),
  eventId: z.string().optional().describe('altered: the event'),
  sealId: count().optional().describe('removed-*, seal-forged: the seal'),
  headVersion: count().optional().describe("removed-tail: the stream's version now"),
  reason: z.string(),
});
export type AuditFinding = z.infer<typeof AuditFinding>;

export const ChainBreak = z.object({ streamId: z.string(), streamVersion: count(), globalPosition: count(), eventId: z.string(), reason: z.string() });
export type ChainBreak = z.infer<typeof ChainBreak>;

export const SealsChecked = z.object({
  checked: z.boolean().describe('False when there is no seals key (AUDIT_HMAC_KEY): then only the hash chains were checked'),
  note: z.string().optional().describe('Why the seals were not, or not all, checked'),
  sealsVerified: count().describe('Seals whose signature and link to the seal before were checked'),
  headsCompared: count().describe('Sealed heads compared with their streams'),
  latest: z
    .object({ sealId: count(), sealedAt: z.iso.datetime({ offset: true }), upToPosition: count() })
    .optional()
    .describe('The newest seal in the store, checked or not'),
});
export type SealsChecked = z.infer<typeof SealsChecked>;

/** Where a bounded verification stopped: pass it back as `after` to go on. */
export type VerifyCursor = { phase: 'streams'; streamId: string; version: number } | { phase: 'seals'; sealId: number };

/** What a verification checked and found; the query API answers it as it is. */
export const ChainReport = z.object({
  ok: z.boolean().describe('Nothing found in what this call checked'),
  streamsChecked: count(),
  eventsChecked: count(),
  firstBreak: ChainBreak.optional().describe('The first altered event found'),
  findings: z.array(AuditFinding).describe('Everything found, in the order found, at most `maxFindings`'),
  findingsOmitted: count().describe('Findings past the cap of the list'),
  seals: SealsChecked,
});
export type ChainReport = z.infer<typeof ChainReport> & {
  /** Present when the call stopped at its bounds before the end: what to pass as `after` next. */
  next?: VerifyCursor;
};

export interface VerifyOptions {
  /** The seals' HMAC key. Without it only the hash chains are checked. */
  key?: Buffer;
  /** Only this stream: its chain and its sealed heads (the chain of seals is a whole-store check). */
  streamId?: string;
  /** Resume where a bounded call stopped. */
  after?: VerifyCursor;
  /** Streams this call may start (events' and sealed heads' streams alike). */
  maxStreams?: number;
  /** Events this call may read. */
  maxEvents?: number;
  /** Sealed heads this call may read while checking seals. */
  maxSealHeads?: number;
  /** Findings listed; the rest are counted. */
  maxFindings?: number;
  /** Rows per query. */
  pageSize?: number;
}

export const DEFAULT_MAX_FINDINGS = 100;

/** A stream's last possible version: a cursor at it means the stream was checked to its end. */
const END_OF_STREAM = 2_147_483_647;
/** Past every seal id (bigint). */
const LAST_SEAL_ID = '9223372036854775807';

interface HeadRow {
  seal_id: string;
  stream_id: string;
  stream_version: number;
  hash: string;
  mac: string;
  key_id: string | null;
  stored_hash: string | null;
  head_version: number | null;
}

interface Key {
  secret: Buffer;
  id: string;
}

interface StreamPosition {
  streamId: string;
  version: number;
}

/**
 * Checks the store's evidence: every stream's hash chain, every sealed head against its stream, and
 * the chain of seals. Reports everything it finds. Bounded by the options' limits, it stops where
 * they run out and says where to go on (`next`); a bounded call's counts and findings are its own.
 */
export async function verifyStore(db: Queryable, options: VerifyOptions = {}): Promise<ChainReport> {
  return new Verification(db, options).run();
}

class Verification {
  private readonly key?: Key;
  private readonly maxFindings: number;
  private readonly pageSize: number;
  private readonly findings: AuditFinding[] = [];
  private findingsOmitted = 0;
  private firstBreak?: ChainBreak;
  private streamsChecked = 0;
  private eventsChecked = 0;
  private sealsVerified = 0;
  private headsCompared = 0;

  constructor(
    private readonly db: Queryable,
    private readonly options: VerifyOptions,
  ) {
    this.key = options.key ? { secret: options.key, id: sealKeyId(options.key) } : undefined;
    this.maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
    this.pageSize = options.pageSize ?? 2000;
  }

  async run(): Promise<ChainReport> {
    let next: VerifyCursor | undefined;
    let note: string | undefined;
    if (this.options.streamId !== undefined) {
      const only = this.options.streamId;
      await this.checkEvents({ streamId: only, version: 0 }, { only });
      if (this.key) await this.checkHeads({ streamId: only, version: 0 }, { streamId: only, version: END_OF_STREAM }, only);
      note = this.key ? 'one stream: its sealed heads were compared; the chain of seals is checked by a whole-store verification' : undefined;
    } else {
      // Streams first, then the chain of seals; a bounded call goes on into the seals when the streams are done.
      const after: VerifyCursor = this.options.after ?? { phase: 'streams', streamId: '', version: 0 };
      if (after.phase === 'streams') next = await this.checkStreams(after);
      if (!next && this.key) next = await this.checkSeals(after.phase === 'seals' ? after.sealId : 0);
    }
    const latest = await this.latestSeal();
    return {
      ok: this.findings.length + this.findingsOmitted === 0,
      streamsChecked: this.streamsChecked,
      eventsChecked: this.eventsChecked,
      ...(this.firstBreak ? { firstBreak: this.firstBreak } : {}),
      findings: this.findings,
      findingsOmitted: this.findingsOmitted,
      seals: {
        checked: this.key !== undefined,
        ...(this.key ? (note ? { note } : {}) : { note: 'no key given: only the hash chains were checked, not the seals' }),
        sealsVerified: this.sealsVerified,
        headsCompared: this.headsCompared,
        ...(latest ? { latest } : {}),
      },
      ...(next ? { next } : {}),
    };
  }

  private found(finding: AuditFinding): void {
    if (this.findings.length < this.maxFindings) this.findings.push(finding);
    else this.findingsOmitted += 1;
  }

  /** Streams after the cursor, within the call's bounds; returns where to go on, if it stopped early. */
  private async checkStreams(after: StreamPosition): Promise<VerifyCursor | undefined> {
    const maxStreams = this.options.maxStreams ?? Infinity;
    const lastStream = Number.isFinite(maxStreams) ? await this.lastStreamOfPage(after.streamId, maxStreams) : undefined;
    const stoppedAt = await this.checkEvents(after, { lastStream, maxEvents: this.options.maxEvents ?? Infinity });
    const end: StreamPosition | undefined = stoppedAt ?? (lastStream !== undefined ? { streamId: lastStream, version: END_OF_STREAM } : undefined);
    if (this.key) await this.checkHeads(after, end);
    return end ? { phase: 'streams', ...end } : undefined;
  }

  /**
   * The last stream a page of `count` streams after `streamId` covers, counting the streams of the
   * events and (with a key) of the sealed heads; undefined when no stream lies beyond it.
   * Two loose index scans: each step is one index probe, whatever the length of the streams.
   */
  private async lastStreamOfPage(streamId: string, count: number): Promise<string | undefined> {
    const scan = (table: string, alias: string, cte: string) => `${cte}(stream_id) AS (
        (SELECT stream_id FROM ${table} WHERE stream_id > $1 ORDER BY stream_id LIMIT 1)
        UNION ALL
        SELECT (SELECT ${alias}.stream_id FROM ${table} ${alias} WHERE ${alias}.stream_id > ${cte}.stream_id ORDER BY ${alias}.stream_id LIMIT 1)
          FROM ${cte} WHERE ${cte}.stream_id IS NOT NULL
      )`;
    const rows = (await this.db.query(
      `WITH RECURSIVE ${scan('events', 'e', 'ev')}${this.key ? `, ${scan('audit_seal_heads', 'h', 'hd')}` : ''}
       SELECT stream_id FROM (
         (SELECT stream_id FROM ev WHERE stream_id IS NOT NULL LIMIT $2)
         ${this.key ? 'UNION (SELECT stream_id FROM hd WHERE stream_id IS NOT NULL LIMIT $2)' : ''}
       ) page ORDER BY stream_id OFFSET $3 LIMIT 2`,
      [streamId, count + 1, count - 1],
    )) as { stream_id: string }[];
    return rows.length === 2 ? rows[0].stream_id : undefined;
  }

  /**
   * Recomputes every hash after `after` (and up to the end of `lastStream`, when given), reporting
   * each broken link. Returns the last event read when `maxEvents` ran out first.
   */
  private async checkEvents(
    after: StreamPosition,
    bounds: { only?: string; lastStream?: string; maxEvents?: number },
  ): Promise<StreamPosition | undefined> {
    let cursor = after;
    let current: { streamId: string; version: number; hash?: string } | undefined;
    if (after.version > 0 && after.version < END_OF_STREAM) {
      const [row] = (await this.db.query(`SELECT hash FROM events WHERE stream_id = $1 AND stream_version = $2`, [
        after.streamId,
        after.version,
      ])) as { hash: string }[];
      current = { streamId: after.streamId, version: after.version, hash: row?.hash };
    }
    let left = bounds.maxEvents ?? Infinity;
    for (;;) {
      const limit = Math.min(this.pageSize, left);
      const params: unknown[] = [cursor.streamId, cursor.version, limit];
      let where: string;
      if (bounds.only !== undefined) {
        where = `stream_id = $1 AND stream_version > $2`;
      } else {
        where = `(stream_id, stream_version) > ($1, $2)`;
        if (bounds.lastStream !== undefined) {
          params.push(bounds.lastStream);
          where += ` AND stream_id <= $4`;
        }
      }
      const rows = (await this.db.query(
        `SELECT ${eventColumns()} FROM events WHERE ${where} ORDER BY stream_id, stream_version LIMIT $3`,
        params,
      )) as EventRow[];
      for (const row of rows) {
        const e = toStoredEvent(row);
        if (e.streamId !== current?.streamId) {
          this.streamsChecked += 1;
          current = { streamId: e.streamId, version: 0, hash: GENESIS_HASH };
        }
        this.checkEvent(e, current);
        current.version = e.streamVersion;
        current.hash = e.hash;
        cursor = { streamId: e.streamId, version: e.streamVersion };
      }
      this.eventsChecked += rows.length;
      left -= rows.length;
      if (rows.length < limit) return undefined;
      if (left <= 0) return cursor;
    }
  }

  private checkEvent(e: StoredEvent, previous: { version: number; hash?: string }): void {
    const reasons: string[] = [];
    if (e.streamVersion !== previous.version + 1) {
      // The link across a gap cannot hold: the gap is the finding.
      reasons.push(previous.version === 0 ? `stream does not start at version 1: versions 1 to ${e.streamVersion - 1} are missing` : `version gap after ${previous.version}`);
    } else if (previous.hash !== undefined && e.prevHash !== previous.hash) {
      reasons.push('prev_hash does not match the previous event');
    }
    if (eventHash(e.prevHash, e) !== e.hash) reasons.push('hash does not match the stored event');
    if (reasons.length === 0) return;
    const reason = reasons.join('; ');
    this.firstBreak ??= { streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition, eventId: e.eventId, reason };
    this.found({ kind: 'altered', streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition, eventId: e.eventId, reason });
  }

  /**
   * Compares every sealed head after `after` (up to `end`, inclusive, when given) with the event it
   * names, and checks each head's own HMAC. One finding per stream that lost events.
   */
  private async checkHeads(after: StreamPosition, end: StreamPosition | undefined, only?: string): Promise<void> {
    const key = this.key as Key;
    // Heads at `after` itself were checked with it: start past every seal there.
    let cursor: { streamId: string; version: number; sealId: string } = { streamId: after.streamId, version: after.version, sealId: LAST_SEAL_ID };
    let pending: Removal | undefined;
    const flush = () => {
      if (pending) this.found(pending.finding);
      pending = undefined;
    };
    for (;;) {
      const params: unknown[] = [cursor.streamId, cursor.version, cursor.sealId, this.pageSize];
      let where = `(h.stream_id, h.stream_version, h.seal_id) > ($1, $2, $3::bigint)`;
      if (only !== undefined) {
        where += ` AND h.stream_id = $5`;
        params.push(only);
      } else if (end) {
        where += ` AND (h.stream_id, h.stream_version) <= ($5, $6)`;
        params.push(end.streamId, end.version);
      }
      // Subqueries, not joins: each head is two index probes into events, never a scan from its start.
      const rows = (await this.db.query(
        `SELECT h.seal_id, h.stream_id, h.stream_version, h.hash, h.mac,
                (SELECT s.key_id FROM audit_seals s WHERE s.seal_id = h.seal_id) AS key_id,
                (SELECT e.hash FROM events e WHERE e.stream_id = h.stream_id AND e.stream_version = h.stream_version) AS stored_hash,
                (SELECT max(x.stream_version) FROM events x WHERE x.stream_id = h.stream_id) AS head_version
           FROM (SELECT * FROM audit_seal_heads h WHERE ${where} ORDER BY h.stream_id, h.stream_version, h.seal_id LIMIT $4) h
          ORDER BY h.stream_id, h.stream_version, h.seal_id`,
        params,
      )) as HeadRow[];
      for (const row of rows) {
        const sealId = Number(row.seal_id);
        if (pending && pending.finding.streamId !== row.stream_id) flush();
        cursor = { streamId: row.stream_id, version: row.stream_version, sealId: row.seal_id };
        // A head of a seal signed with another key cannot be authenticated: the seal's check says so, once.
        if (row.key_id === null || row.key_id === key.id) {
          const head = { streamId: row.stream_id, streamVersion: row.stream_version, hash: row.hash };
          if (!sameMac(sealHeadMac(key.secret, sealId, head), row.mac)) {
            this.found({
              kind: 'seal-forged',
              streamId: row.stream_id,
              streamVersion: row.stream_version,
              sealId,
              reason: `seal ${sealId}'s head of this stream (version ${row.stream_version}) does not verify with the key`,
            });
            continue;
          }
        }
        this.headsCompared += 1;
        if (row.stored_hash === row.hash) continue;
        const found = removal(row, sealId);
        if (found && (!pending || worse(found, pending))) pending = found;
      }
      if (rows.length < this.pageSize) break;
    }
    flush();
  }

  /** Every seal after `afterSealId`: its link to the one before, its heads' digest and its signature. */
  private async checkSeals(afterSealId: number): Promise<VerifyCursor | undefined> {
    const key = this.key as Key;
    let left = this.options.maxSealHeads ?? Infinity;
    let expectedId = afterSealId + 1;
    let prevSignature: string | undefined = GENESIS_HASH;
    if (afterSealId > 0) {
      const [row] = (await this.db.query(`SELECT signature FROM audit_seals WHERE seal_id = $1`, [afterSealId])) as { signature: string }[];
      prevSignature = row?.signature;
    }
    for (;;) {
      const seals = await this.nextSeals(expectedId - 1);
      if (seals.length === 0) break;
      const heads = await this.headsOf(seals.map((seal) => seal.seal_id));
      for (const seal of seals) {
        const sealId = Number(seal.seal_id);
        const problems: string[] = [];
        if (sealId !== expectedId) {
          problems.push(expectedId === sealId - 1 ? `seal ${expectedId} before it is missing` : `seals ${expectedId} to ${sealId - 1} before it are missing`);
        } else if (prevSignature !== undefined && seal.prev_signature !== prevSignature) {
          problems.push('it does not follow the signature of the seal before it');
        }
        const own = heads.get(seal.seal_id) ?? [];
        if (own.length !== seal.heads_count || sealHeadsDigest(own) !== seal.heads_digest) {
          problems.push(`its heads were changed (${own.length} there now, ${seal.heads_count} signed)`);
        }
        if (seal.key_id !== key.id) {
          problems.push(`it was signed with another key (key id ${seal.key_id}; the key given has id ${key.id})`);
        } else {
          const expected = sealSignature(key.secret, {
            sealId,
            sealedAt: seal.sealed_at,
            upto: { transactionId: seal.upto_transaction_id, globalPosition: Number(seal.upto_position) },
            headsCount: seal.heads_count,
            headsDigest: seal.heads_digest,
            keyId: seal.key_id,
            prevSignature: seal.prev_signature,
          });
          if (!sameMac(expected, seal.signature)) problems.push('its signature does not verify with the key');
        }
        if (problems.length > 0) this.found({ kind: 'seal-forged', sealId, reason: `seal ${sealId}: ${problems.join('; ')}` });
        this.sealsVerified += 1;
        expectedId = sealId + 1;
        prevSignature = seal.signature;
        left -= Math.max(1, own.length);
        if (left <= 0) return { phase: 'seals', sealId };
      }
    }
    // Heads left behind by a seal gone from the end of the chain.
    const orphans = (await this.db.query(`SELECT DISTINCT seal_id FROM audit_seal_heads WHERE seal_id >= $1 ORDER BY seal_id LIMIT 10`, [
      expectedId,
    ])) as { seal_id: string }[];
    for (const o of orphans) {
      this.found({ kind: 'seal-forged', sealId: Number(o.seal_id), reason: `seal ${o.seal_id} is missing, but heads it held remain` });
    }
    return undefined;
  }

  /** The seals after `sealId`, as many as hold about one page of heads (at least one seal). */
  private async nextSeals(sealId: number): Promise<SealRow[]> {
    return (await this.db.query(
      `SELECT seal_id, sealed_at, upto_transaction_id::text AS upto_transaction_id, upto_position, heads_count, heads_digest,
              key_id, prev_signature, signature
         FROM (SELECT s.*, sum(s.heads_count) OVER (ORDER BY s.seal_id) - s.heads_count AS heads_before
                 FROM (SELECT * FROM audit_seals WHERE seal_id > $1 ORDER BY seal_id LIMIT 1000) s) page
        WHERE heads_before < $2
        ORDER BY seal_id`,
      [sealId, this.pageSize * 5],
    )) as SealRow[];
  }

  private async headsOf(sealIds: string[]): Promise<Map<string, { streamId: string; mac: string }[]>> {
    const rows = (await this.db.query(`SELECT seal_id, stream_id, mac FROM audit_seal_heads WHERE seal_id = ANY($1::bigint[])`, [sealIds])) as {
      seal_id: string;
      stream_id: string;
      mac: string;
    }[];
    const bySeal = new Map<string, { streamId: string; mac: string }[]>();
    for (const row of rows) {
      const list = bySeal.get(row.seal_id) ?? [];
      list.push({ streamId: row.stream_id, mac: row.mac });
      bySeal.set(row.seal_id, list);
    }
    return bySeal;
  }

  private async latestSeal(): Promise<SealsChecked['latest']> {
    const [row] = (await this.db.query(
      `SELECT seal_id, sealed_at, upto_position FROM audit_seals ORDER BY seal_id DESC LIMIT 1`,
    )) as { seal_id: string; sealed_at: Date; upto_position: string }[];
    return row ? { sealId: Number(row.seal_id), sealedAt: row.sealed_at.toISOString(), upToPosition: Number(row.upto_position) } : undefined;
  }
}

interface SealRow {
  seal_id: string;
  sealed_at: Date;
  upto_transaction_id: string;
  upto_position: string;
  heads_count: number;
  heads_digest: string;
  key_id: string;
  prev_signature: string;
  signature: string;
}

interface Removal {
  finding: AuditFinding;
  /** Events are gone (rather than rewritten). */
  missing: boolean;
}

/** What a sealed head whose event is gone or changed says about its stream. */
function removal(row: HeadRow, sealId: number): Removal | undefined {
  const base = { streamId: row.stream_id, streamVersion: row.stream_version, sealId };
  if (row.head_version === null) {
    return {
      missing: true,
      finding: { kind: 'removed-stream', ...base, reason: `the stream has no events, but seal ${sealId} recorded its head at version ${row.stream_version}` },
    };
  }
  if (row.stored_hash === null) {
    // A hole below the head is a version gap, which the chain check names.
    if (row.head_version >= row.stream_version) return undefined;
    return {
      missing: true,
      finding: {
        kind: 'removed-tail',
        ...base,
        headVersion: row.head_version,
        reason: `the stream's head is at version ${row.head_version}, below version ${row.stream_version} that seal ${sealId} recorded`,
      },
    };
  }
  return {
    missing: false,
    finding: {
      kind: 'removed-tail',
      ...base,
      headVersion: row.head_version,
      reason: `the event at version ${row.stream_version} no longer has the hash seal ${sealId} recorded: the stream was rewritten from there or before`,
    },
  };
}

/** One finding per stream: missing events beat rewritten ones, a higher sealed version a lower one. */
function worse(a: Removal, b: Removal): boolean {
  if (a.missing !== b.missing) return a.missing;
  return (a.finding.streamVersion ?? 0) >= (b.finding.streamVersion ?? 0);
}
