import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { BadParametersError } from '../infrastructure/http/api-errors';
import { decodeQueueCursor } from '../infrastructure/http/cursor';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { BackorderQueue, ComplaintQueue, LateShipmentQueue, QueuePage, QueueQueries, ReturnsAwaitedQueue } from './queue-queries';

export const MAX_QUEUE_PAGE = 500;
const DEFAULT_QUEUE_PAGE = 100;
const DEFAULT_DUE_WITHIN_HOURS = 24;

// The parameters each route validates, and documents (../docs/openapi.ts).
const pageParams = {
  limit: Param.integer(1, MAX_QUEUE_PAGE).optional().describe(`Page size, 1 to ${MAX_QUEUE_PAGE} (default ${DEFAULT_QUEUE_PAGE})`),
  cursor: Param.text(2000).optional().describe('nextCursor of the previous page'),
  minPosition,
};
export const QueueQuery = z.strictObject(pageParams);
export const ComplaintQueueQuery = z.strictObject({
  ...pageParams,
  dueWithinHours: Param.integer(0, 8760)
    .optional()
    .describe(`Complaints whose deadline (resolveBy) is at most this many hours away, or past: 0 to 8760 (default ${DEFAULT_DUE_WITHIN_HOURS})`),
});

/**
 * What waits for an operator now, oldest first: backorders, late shipments, complaints near their
 * deadline, returns not yet back. A channel key sees its own channel's items only.
 */
@Controller('queues')
export class QueuesHttpController {
  constructor(private readonly queues: QueueQueries) {}

  @Get('backorders')
  @Requires('inventory:read')
  @Reads('inventory')
  async backorders(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<BackorderQueue>> {
    return this.queues.backorders(pageOf(parseParams(QueueQuery, query, 'query'), caller));
  }

  @Get('late-shipments')
  @Requires('shipments:read')
  @Reads('orders')
  async lateShipments(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<LateShipmentQueue>> {
    return this.queues.lateShipments(pageOf(parseParams(QueueQuery, query, 'query'), caller));
  }

  @Get('complaints')
  @Requires('orders:read')
  @Reads('orders')
  async complaints(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<ComplaintQueue>> {
    const q = parseParams(ComplaintQueueQuery, query, 'query');
    return this.queues.complaintsDue(q.dueWithinHours ?? DEFAULT_DUE_WITHIN_HOURS, pageOf(q, caller));
  }

  @Get('returns-awaiting')
  @Requires('returns:read')
  @Reads('orders')
  async returnsAwaiting(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<ReturnsAwaitedQueue>> {
    return this.queues.returnsAwaited(pageOf(parseParams(QueueQuery, query, 'query'), caller));
  }
}

function pageOf(q: { limit?: number; cursor?: string }, caller: Principal): QueuePage {
  const cursor = q.cursor === undefined ? undefined : decodeQueueCursor(q.cursor);
  if (cursor && 'parameter' in cursor) throw new BadParametersError([cursor]);
  return { limit: q.limit ?? DEFAULT_QUEUE_PAGE, cursor, onlyChannel: channelScope(caller) };
}
