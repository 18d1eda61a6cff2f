import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Requires } from '@orderflow/security';
import { BadParametersError } from '../infrastructure/http/api-errors';
import { Param } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { reportWindow, windowParams } from './report-window';
import { TrendQueries, TrendRanking, TrendsReport } from './trend-queries';

const DAY_MS = 86_400_000;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

// The parameters the route validates, and documents (../docs/openapi.ts).
export const TrendsQuery = z.strictObject({
  ...windowParams,
  window: Param.text(4)
    .regex(/^[1-9]\d{0,2}d$/, 'expected a number of days such as 7d or 28d')
    .transform((s) => Number(s.slice(0, -1)))
    .optional()
    .describe('The window as a length in days ending at `to` (default now), e.g. 7d or 28d; instead of `from`. At most QUERY_REPORT_MAX_DAYS.'),
  rankBy: Param.oneOf(TrendRanking.options)
    .optional()
    .describe('change (default): by units gained or lost; relative: by the share of the previous window gained or lost (rising, new SKUs first)'),
  limit: Param.integer(1, MAX_LIMIT).optional().describe(`SKUs per list, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`),
});

/** Which SKUs are rising and falling fastest: units in the window against the window before. */
@Requires('reports:read')
@Controller('reports')
export class TrendsHttpController {
  constructor(
    private readonly trends: TrendQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  @Get('trends')
  @Reads('orders')
  async report(@Query() query: unknown): Promise<Projected<TrendsReport>> {
    const maxDays = this.config.QUERY_REPORT_MAX_DAYS;
    const q = reportWindow(TrendsQuery, query, { maxDays });
    const raw = (query ?? {}) as Record<string, unknown>;
    let from = q.from;
    if (q.window !== undefined) {
      if (raw.from !== undefined) {
        throw new BadParametersError([{ parameter: 'window', in: 'query', expected: 'expected either window or from, not both', received: raw.window }]);
      }
      if (q.window > maxDays) {
        throw new BadParametersError([{ parameter: 'window', in: 'query', expected: `expected at most ${maxDays} days (QUERY_REPORT_MAX_DAYS)`, received: raw.window }]);
      }
      from = new Date(q.to.getTime() - q.window * DAY_MS);
    }
    return this.trends.trends({ from, to: q.to }, { rankBy: q.rankBy ?? 'change', limit: q.limit ?? DEFAULT_LIMIT });
  }
}
