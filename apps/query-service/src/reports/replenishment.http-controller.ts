import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '@orderflow/event-store';
import { CLOCK } from '@orderflow/platform';
import { Requires } from '@orderflow/security';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { ReplenishmentQueries, ReplenishmentReport } from './replenishment-queries';

// The parameters the route validates, and documents (../docs/openapi.ts).
export const ReplenishmentQuery = z.strictObject({
  serviceLevel: Param.decimal(0.5, 0.9999)
    .optional()
    .describe('The chance of not running out within a lead time that safety stock is sized for (default REPLENISHMENT_SERVICE_LEVEL, 0.95)'),
  reviewDays: Param.integer(0, 365).optional().describe('Days until the next chance to order: a suggestion covers them too (default REPLENISHMENT_REVIEW_DAYS, 7)'),
  sku: Param.text(64).optional().describe('Only this SKU'),
  warehouseId: Param.text().optional().describe('Only this warehouse'),
  all: Param.flag().optional().describe('true: every SKU and warehouse with stock, not only those below their reorder point'),
  limit: Param.integer(1, 1000).optional().describe('1 to 1000 (default 200)'),
  minPosition,
});

/** What to reorder, how much and why: a demand forecast per SKU and warehouse against its stock (docs/adr/0036). */
@Requires('reports:read')
@Controller('reports')
export class ReplenishmentHttpController {
  constructor(
    private readonly replenishment: ReplenishmentQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('replenishment')
  @Reads('inventory')
  async report(@Query() query: unknown): Promise<Projected<ReplenishmentReport>> {
    const q = parseParams(ReplenishmentQuery, query, 'query');
    return this.replenishment.report({
      leadTimeDays: this.config.REPLENISHMENT_LEAD_TIME_DAYS,
      serviceLevel: q.serviceLevel ?? this.config.REPLENISHMENT_SERVICE_LEVEL,
      reviewDays: q.reviewDays ?? this.config.REPLENISHMENT_REVIEW_DAYS,
      historyDays: this.config.REPLENISHMENT_HISTORY_DAYS,
      sku: q.sku,
      warehouseId: q.warehouseId,
      all: q.all ?? false,
      limit: q.limit ?? 200,
      now: this.clock(),
    });
  }
}
