import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Param } from '../infrastructure/http/params';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { AfterSalesReport, FulfillmentReport, ReportQueries, SalesGrouping, SalesReport } from './report-queries';
import { reportWindow, windowParams } from './report-window';
import { Requires } from '@orderflow/security';

const GROUPINGS: readonly SalesGrouping[] = ['day', 'channel', 'sku'];
// The parameters each route validates, and documents (../docs/openapi.ts).
export const SalesQuery = z.strictObject({ ...windowParams, groupBy: Param.oneOf(GROUPINGS).optional().describe('day (UTC, default), channel or sku') });
export const WindowQuery = z.strictObject(windowParams);

/** How are we doing: sales, fulfilment and after-sales over a window. */
@Requires('reports:read')
@Controller('reports')
export class ReportsHttpController {
  constructor(
    private readonly reports: ReportQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  private window<S extends z.ZodObject>(schema: S, query: unknown) {
    return reportWindow(schema, query, { maxDays: this.config.QUERY_REPORT_MAX_DAYS });
  }

  @Get('sales')
  @Reads('orders')
  async sales(@Query() query: unknown): Promise<Projected<SalesReport>> {
    const q = this.window(SalesQuery, query);
    return this.reports.sales({ from: q.from, to: q.to }, q.groupBy ?? 'day');
  }

  @Get('fulfillment')
  @Reads('orders')
  async fulfillment(@Query() query: unknown): Promise<Projected<FulfillmentReport>> {
    const q = this.window(WindowQuery, query);
    return this.reports.fulfillment({ from: q.from, to: q.to });
  }

  @Get('after-sales')
  @Reads('orders')
  async afterSales(@Query() query: unknown): Promise<Projected<AfterSalesReport>> {
    const q = this.window(WindowQuery, query);
    return this.reports.afterSales({ from: q.from, to: q.to });
  }
}
