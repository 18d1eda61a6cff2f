import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Param } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { AfterSalesReport, FulfillmentReport, ReportQueries, SalesGrouping, SalesReport } from './report-queries';
import { reportWindow, windowParams } from './report-window';
import { Requires } from '@orderflow/security';

const GROUPINGS: readonly SalesGrouping[] = ['day', 'channel', 'sku'];
const SalesQuery = z.strictObject({ ...windowParams, groupBy: Param.oneOf(GROUPINGS).optional() });
const WindowQuery = z.strictObject(windowParams);

/** How are we doing: sales, fulfilment and after-sales over a window. */
@Requires('reports:read')
@Controller('reports')
export class ReportsHttpController {
  constructor(private readonly reports: ReportQueries) {}

  @Get('sales')
  @Reads('orders')
  async sales(@Query() query: unknown): Promise<Projected<SalesReport>> {
    const q = reportWindow(SalesQuery, query);
    return this.reports.sales({ from: q.from, to: q.to }, q.groupBy ?? 'day');
  }

  @Get('fulfillment')
  @Reads('orders')
  async fulfillment(@Query() query: unknown): Promise<Projected<FulfillmentReport>> {
    const q = reportWindow(WindowQuery, query);
    return this.reports.fulfillment({ from: q.from, to: q.to });
  }

  @Get('after-sales')
  @Reads('orders')
  async afterSales(@Query() query: unknown): Promise<Projected<AfterSalesReport>> {
    const q = reportWindow(WindowQuery, query);
    return this.reports.afterSales({ from: q.from, to: q.to });
  }
}
