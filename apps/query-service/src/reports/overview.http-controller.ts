import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Requires } from '@orderflow/security';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { Funnel, OrdersPerMinute, OverviewQueries } from './overview-queries';
import { WindowQuery } from './reports.http-controller';
import { reportWindow } from './report-window';

const DEFAULT_MINUTES = 60;
// The parameters each route validates, and documents (../docs/openapi.ts).
export const OrdersPerMinuteQuery = z.strictObject({
  minutes: Param.integer(1, 1440).optional().describe(`How many minutes back, the current one included: 1 to 1440 (default ${DEFAULT_MINUTES})`),
  minPosition,
});

/** The console's overview: the order rate now, and how far the orders of a window got. */
@Requires('reports:read')
@Controller('reports')
export class OverviewHttpController {
  constructor(
    private readonly overview: OverviewQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  @Get('orders-per-minute')
  @Reads('orders')
  async ordersPerMinute(@Query() query: unknown): Promise<Projected<OrdersPerMinute>> {
    const q = parseParams(OrdersPerMinuteQuery, query, 'query');
    return this.overview.ordersPerMinute(q.minutes ?? DEFAULT_MINUTES);
  }

  @Get('funnel')
  @Reads('orders')
  async funnel(@Query() query: unknown): Promise<Projected<Funnel>> {
    const q = reportWindow(WindowQuery, query, { maxDays: this.config.QUERY_REPORT_MAX_DAYS });
    return this.overview.funnel({ from: q.from, to: q.to });
  }
}
