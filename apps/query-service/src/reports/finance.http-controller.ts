import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { CURRENCIES } from '@orderflow/contracts';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { Param } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { FinanceGrouping, FinanceQueries, FinanceReport } from './finance-queries';
import { reportWindow, windowParams } from './report-window';

const GROUPINGS: readonly FinanceGrouping[] = FinanceGrouping.options;
// The parameters the route validates, and documents (../docs/openapi.ts).
export const FinanceQuery = z.strictObject({
  ...windowParams,
  groupBy: Param.oneOf(GROUPINGS).optional().describe('day (UTC, default), channel or currency; rows are per key and currency'),
  currency: Param.text(3)
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR or JPY')
    .refine((c) => CURRENCIES.has(c), 'expected an ISO 4217 currency code such as EUR or JPY')
    .optional()
    .describe('Only this currency'),
  channel: Param.text().optional().describe('Only this channel'),
});

/**
 * Money over a window, from the payment ledger: authorised, captured, refunded, outstanding on
 * invoices, and failed payments, each anchored on the order event that recorded the fact.
 */
@Requires('reports:read')
@Controller('reports')
export class FinanceHttpController {
  constructor(
    private readonly finance: FinanceQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  @Get('finance')
  @Reads('payments')
  async report(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<FinanceReport>> {
    const q = reportWindow(FinanceQuery, query, { maxDays: this.config.QUERY_REPORT_MAX_DAYS });
    return this.finance.finance(
      { from: q.from, to: q.to },
      { groupBy: q.groupBy ?? 'day', currency: q.currency, channel: q.channel, onlyChannel: channelScope(caller) },
    );
  }
}
