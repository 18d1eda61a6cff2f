import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { Requires } from '@orderflow/security';
import { NotFoundError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { SkuPath } from './inventory.http-controller';
import { StockHistory, StockHistoryQueries } from './stock-history';

const DEFAULT_POINTS = 500;
export const MAX_POINTS = 5000;
// The parameters the route validates, and documents (../docs/openapi.ts).
export const StockHistoryQuery = z.strictObject({
  warehouseId: Param.text().optional().describe('Only this warehouse'),
  limit: Param.integer(1, MAX_POINTS).optional().describe(`The latest this many points, 1 to ${MAX_POINTS} (default ${DEFAULT_POINTS})`),
  minPosition,
});

/** How a SKU's stock moved, event by event, straight from its stock stream in the store. */
@Requires('inventory:read')
@Controller('inventory')
export class StockHistoryHttpController {
  constructor(private readonly history: StockHistoryQueries) {}

  @Get(':sku/history')
  @Reads('store')
  async stockHistory(@PathParam() path: unknown, @Query() query: unknown): Promise<Projected<StockHistory>> {
    const { sku } = parseParams(SkuPath, path, 'path');
    const q = parseParams(StockHistoryQuery, query, 'query');
    const read = await this.history.history(sku, { warehouseId: q.warehouseId, limit: q.limit ?? DEFAULT_POINTS });
    if (!read.body) throw new NotFoundError(`no stock of SKU ${sku} has been recorded`, { sku }, read.position);
    return { position: read.position, body: read.body };
  }
}
