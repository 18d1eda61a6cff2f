import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Requires } from '@orderflow/security';
import { Param } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';
import { DeliveryEmissionsReport, EmissionGrouping, EmissionQueries } from './emission-queries';
import { reportWindow, windowParams } from './report-window';

// The parameters the route validates, and documents (../docs/openapi.ts).
export const DeliveryEmissionsQuery = z.strictObject({
  ...windowParams,
  groupBy: Param.oneOf(EmissionGrouping.options).optional().describe('day (UTC, of booking; default), warehouse (it left from) or carrier'),
});

/** How far our parcels travel and what that emits: distance and estimated CO₂ per shipment, per day, warehouse or carrier. */
@Requires('reports:read')
@Controller('reports')
export class EmissionsHttpController {
  constructor(
    private readonly emissions: EmissionQueries,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  @Get('delivery-emissions')
  @Reads('reports')
  async deliveryEmissions(@Query() query: unknown): Promise<Projected<DeliveryEmissionsReport>> {
    const q = reportWindow(DeliveryEmissionsQuery, query, { maxDays: this.config.QUERY_REPORT_MAX_DAYS });
    return this.emissions.deliveryEmissions({ from: q.from, to: q.to }, q.groupBy ?? 'day');
  }
}
