import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ChainReport, DEFAULT_MAX_FINDINGS, EventStore, verifyStore, VerifyCursor } from '@orderflow/event-store';
import { auditKeyOf } from '@orderflow/platform';
import { BadParametersError, NotFoundError, ParameterProblem, UnavailableError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';

/** Streams one whole-store request verifies by default, and at most. */
export const VERIFY_DEFAULT_STREAMS = 1000;
export const VERIFY_MAX_STREAMS = 10_000;
/** Events one request reads at most (a page stops inside a long stream and goes on from there). */
export const VERIFY_MAX_EVENTS = 100_000;
/** Sealed heads one request reads at most while checking the chain of seals. */
export const VERIFY_MAX_SEAL_HEADS = 100_000;

/** The parameters GET /audit/verify validates, and documents (../docs/openapi.ts). */
export const VerifyQuery = z.strictObject({
  streamId: Param.text(300).optional().describe('Only this stream (no limit or cursor then)'),
  limit: Param.integer(1, VERIFY_MAX_STREAMS).optional().describe(`Streams per page, 1 to ${VERIFY_MAX_STREAMS} (default 1000)`),
  cursor: Param.text(2000).optional().describe('The nextCursor of the previous page, unchanged'),
  minPosition,
});

/** A page of a verification as the API answers it: the report, and where the next page starts. */
export const VerifyAnswer = ChainReport.extend({
  findings: ChainReport.shape.findings.describe(`Everything found, in the order found, at most ${DEFAULT_MAX_FINDINGS}`),
  findingsOmitted: ChainReport.shape.findingsOmitted.describe(`Findings past the ${DEFAULT_MAX_FINDINGS} listed`),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null when the verification is complete'),
});
export type VerifyAnswer = z.infer<typeof VerifyAnswer>;

/**
 * GET /audit/verify, bounded (docs/adr/0019): one stream is verified whole; the whole store is
 * verified a page at a time (at most `limit` streams, VERIFY_MAX_EVENTS events), each answer naming
 * the cursor of the next page, and only one such page runs in this process at a time: a second is
 * answered 503 with Retry-After (the process is busy, as with minPosition waits: ADR 21; 429 is a key's rate). With the seals' key configured, pages also compare the sealed heads
 * and, after the last stream, check the chain of seals.
 */
@Injectable()
export class AuditVerification {
  private readonly key?: Buffer;
  private wholeStorePage?: { startedAt: number };
  private lastPageMs = 0;

  constructor(
    private readonly store: EventStore,
    @Inject(QUERY_CONFIG) config: QueryConfig,
  ) {
    this.key = auditKeyOf(config);
  }

  async verify(query: unknown): Promise<Projected<VerifyAnswer>> {
    const { streamId, limit, cursor } = parseParams(VerifyQuery, query, 'query');
    if (streamId !== undefined) {
      const refused = (['limit', 'cursor'] as const).filter((name) => (name === 'limit' ? limit : cursor) !== undefined);
      if (refused.length > 0) {
        throw new BadParametersError(
          refused.map((parameter) => ({ parameter, in: 'query', expected: 'not with streamId: one stream is verified whole', received: (query as Record<string, unknown>)[parameter] })),
        );
      }
      const head = await this.store.headPosition();
      const report = await this.store.verifyChain(streamId, { key: this.key });
      if (report.eventsChecked === 0 && report.ok) throw new NotFoundError(`no stream ${streamId} in the event store`, { streamId }, head);
      return { position: head, body: answer(report) };
    }
    const after = cursor === undefined ? undefined : decodeVerifyCursor(cursor);
    if (after && 'parameter' in after) throw new BadParametersError([after]);
    if (this.wholeStorePage) {
      const retryAfter = Math.max(1, Math.ceil(this.lastPageMs / 1000));
      throw new UnavailableError(
        `a verification of the whole store is already running in this process (one page at a time); retry after ${retryAfter} s`,
        retryAfter,
      );
    }
    this.wholeStorePage = { startedAt: Date.now() };
    try {
      const head = await this.store.headPosition();
      const report = await verifyStore(this.store.dataSource, {
        key: this.key,
        after,
        maxStreams: limit ?? VERIFY_DEFAULT_STREAMS,
        maxEvents: VERIFY_MAX_EVENTS,
        maxSealHeads: VERIFY_MAX_SEAL_HEADS,
      });
      return { position: head, body: answer(report) };
    } finally {
      this.lastPageMs = Date.now() - this.wholeStorePage.startedAt;
      this.wholeStorePage = undefined;
    }
  }
}

function answer({ next, ...report }: ChainReport): VerifyAnswer {
  return { ...report, nextCursor: next ? encodeVerifyCursor(next) : null };
}

/** Opaque to clients: base64url of a small JSON object. */
export function encodeVerifyCursor(cursor: VerifyCursor): string {
  const value = cursor.phase === 'streams' ? { s: cursor.streamId, v: cursor.version } : { k: cursor.sealId };
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeVerifyCursor(raw: string): VerifyCursor | ParameterProblem {
  const problem: ParameterProblem = { parameter: 'cursor', in: 'query', expected: 'expected the nextCursor of a previous page, unchanged', received: raw };
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return problem;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown; k?: unknown };
    const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
    if (typeof value.s === 'string' && whole(value.v)) return { phase: 'streams', streamId: value.s, version: value.v };
    if (whole(value.k)) return { phase: 'seals', sealId: value.k };
    return problem;
  } catch {
    return problem;
  }
}
