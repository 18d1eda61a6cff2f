import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { InventoryQueries, SkuStock, StockList } from './inventory-queries';
import { Requires } from '@orderflow/security';

// The parameters each route validates, and documents (../docs/openapi.ts).
export const SkuPath = z.strictObject({ sku: Param.text().describe('The SKU') });
export const SkuQuery = z.strictObject({ minPosition });
export const StockListQuery = z.strictObject({
  belowAvailable: Param.integer(-1_000_000, 1_000_000_000).optional().describe('Only rows with fewer than this many available'),
  limit: Param.integer(1, 500).optional().describe('1 to 500 (default 100)'),
  minPosition,
});

/** Stock per SKU and warehouse, and what waits for it. */
@Requires('inventory:read')
@Controller('inventory')
export class InventoryHttpController {
  constructor(private readonly inventory: InventoryQueries) {}

  @Get()
  @Reads('inventory')
  async list(@Query() query: unknown): Promise<Projected<StockList>> {
    const q = parseParams(StockListQuery, query, 'query');
    const read = await this.inventory.lowStock(q.belowAvailable, q.limit ?? 100);
    return { position: read.position, body: { belowAvailable: q.belowAvailable ?? null, ...read.body } };
  }

  @Get(':sku')
  @Reads('inventory')
  async bySku(@PathParam() path: unknown, @Query() query: unknown): Promise<Projected<SkuStock>> {
    const { sku } = parseParams(SkuPath, path, 'path');
    parseParams(SkuQuery, query, 'query');
    const read = await this.inventory.bySku(sku);
    if (!read.body) throw new NotFoundError(`no stock or backorder of SKU ${sku} has been recorded`, { sku }, read.position);
    return { position: read.position, body: read.body };
  }
}
