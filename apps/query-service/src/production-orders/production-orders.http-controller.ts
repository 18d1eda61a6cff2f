import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { PRODUCTION_STATUSES } from '@orderflow/projections';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { BadParametersError } from '../infrastructure/http/api-errors';
import { decodeQueueCursor } from '../infrastructure/http/cursor';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { ProductionOrderPage, ProductionOrderQueries, WAITING_STATUSES } from './production-order-queries';

export const MAX_PRODUCTION_PAGE = 500;
const DEFAULT_PRODUCTION_PAGE = 100;

// The parameters the route validates, and documents (../docs/openapi.ts).
export const ProductionOrderQuery = z.strictObject({
  status: Param.listOf(PRODUCTION_STATUSES)
    .optional()
    .describe(`One or more statuses, comma-separated: any of ${PRODUCTION_STATUSES.join(', ')} (default ${WAITING_STATUSES.join(',')}: what the factory still has to make)`),
  limit: Param.integer(1, MAX_PRODUCTION_PAGE).optional().describe(`Page size, 1 to ${MAX_PRODUCTION_PAGE} (default ${DEFAULT_PRODUCTION_PAGE})`),
  cursor: Param.text(2000).optional().describe('nextCursor of the previous page'),
  minPosition,
});

/**
 * The production orders of made-to-order lines (docs/adr/0039), oldest requested first: by default
 * what the factory still has to make, the operators' work queue of production. A channel key sees
 * its own channel's only.
 */
@Controller('production-orders')
export class ProductionOrdersHttpController {
  constructor(private readonly production: ProductionOrderQueries) {}

  @Get()
  @Requires('orders:read')
  @Reads('orders')
  async list(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<ProductionOrderPage>> {
    const q = parseParams(ProductionOrderQuery, query, 'query');
    const cursor = q.cursor === undefined ? undefined : decodeQueueCursor(q.cursor);
    if (cursor && 'parameter' in cursor) throw new BadParametersError([cursor]);
    return this.production.list({
      statuses: q.status ?? WAITING_STATUSES,
      limit: q.limit ?? DEFAULT_PRODUCTION_PAGE,
      cursor,
      onlyChannel: channelScope(caller),
    });
  }
}
