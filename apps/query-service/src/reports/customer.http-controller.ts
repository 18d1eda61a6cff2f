import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { CustomerQueries, CustomerReport } from './customer-queries';

const DEFAULT_TOP = 5;
const MAX_TOP = 50;

// The parameters the route validates, and documents (../docs/openapi.ts).
export const CustomerPath = z.strictObject({ customerId: Param.text().describe("The customer's id, as the channel sent it (customer.id)") });
export const CustomerReportQuery = z.strictObject({
  channel: Param.text().optional().describe("The customer's channel: customer ids are each channel's own; required when the id has orders in several"),
  top: Param.integer(1, MAX_TOP).optional().describe(`How many favourite SKUs and categories, 1 to ${MAX_TOP} (default ${DEFAULT_TOP})`),
  minPosition,
});

/**
 * Who is this customer to us: orders, lifetime value per currency, favourites, returns and
 * complaints, over its whole history. An erased customer's orders are left out (docs/adr/0040).
 */
@Requires('reports:read')
@Controller('reports')
export class CustomerHttpController {
  constructor(private readonly customers: CustomerQueries) {}

  @Get('customers/:customerId')
  @Reads('orders')
  async report(@PathParam() path: unknown, @Query() query: unknown, @Caller() caller: Principal): Promise<Projected<CustomerReport>> {
    const { customerId } = parseParams(CustomerPath, path, 'path');
    const q = parseParams(CustomerReportQuery, query, 'query');
    return this.customers.customer({ customerId, channel: q.channel, onlyChannel: channelScope(caller), top: q.top ?? DEFAULT_TOP });
  }
}
