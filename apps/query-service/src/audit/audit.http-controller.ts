import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { EventStore, StoredEvent } from '@orderflow/event-store';
import { NotFoundError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { AuditVerification, VerifyAnswer } from './audit-verification';
import { Requires } from '@orderflow/security';

// The parameters each route validates, and documents (../docs/openapi.ts).
export const StreamPath = z.strictObject({ streamId: Param.text(300).describe('e.g. order-<orderId>') });
export const StreamQuery = z.strictObject({ asOf: Param.instant().optional().describe('Only events recorded at or before'), minPosition });

export const AuditedEvent = z.object({
  globalPosition: z.number().int(),
  streamId: z.string(),
  streamVersion: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int(),
  recordedAt: z.iso.datetime({ offset: true }),
  data: z.unknown().meta({ type: 'object' }),
  metadata: z.unknown().meta({ type: 'object' }),
  prevHash: z.string().describe('SHA-256 of the previous event of the stream (zeros for the first)'),
  hash: z.string().describe('SHA-256 over prevHash and the canonical event'),
});
export type AuditedEvent = z.infer<typeof AuditedEvent>;

const audited = (e: StoredEvent): AuditedEvent => ({
  globalPosition: e.globalPosition,
  streamId: e.streamId,
  streamVersion: e.streamVersion,
  eventId: e.eventId,
  type: e.type,
  schemaVersion: e.schemaVersion,
  recordedAt: e.recordedAt.toISOString(),
  data: e.data,
  metadata: e.metadata,
  prevHash: e.prevHash,
  hash: e.hash,
});

/** For auditors: the stored events themselves, straight from the store, and proof they were not altered. */
@Requires('audit:read')
@Controller('audit')
export class AuditHttpController {
  constructor(
    private readonly store: EventStore,
    private readonly verification: AuditVerification,
  ) {}

  @Get('streams/:streamId')
  @Reads('store')
  async stream(@PathParam() path: unknown, @Query() query: unknown): Promise<Projected<{ streamId: string; events: AuditedEvent[] }>> {
    const { streamId } = parseParams(StreamPath, path, 'path');
    const { asOf } = parseParams(StreamQuery, query, 'query');
    const head = await this.store.headPosition();
    const events = await this.store.readStream(streamId, asOf ? { toRecordedAt: asOf } : {});
    if (events.length === 0) {
      throw new NotFoundError(
        asOf ? `stream ${streamId} held no events at ${asOf.toISOString()}` : `no stream ${streamId} in the event store`,
        { streamId },
        head,
      );
    }
    return { position: head, body: { streamId, events: events.map(audited) } };
  }

  @Get('verify')
  @Reads('store')
  verify(@Query() query: unknown): Promise<Projected<VerifyAnswer>> {
    return this.verification.verify(query);
  }
}
