import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { OrderQueries } from '../orders/order-queries';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';

// The parameters each route validates, and documents (../docs/openapi.ts).
export const ShipmentPath = z.strictObject({ shipmentId: Param.text().describe('e.g. OF-000123-1') });
export const ReturnPath = z.strictObject({ rmaNumber: Param.text().describe('e.g. RMA-000042') });
export const ReadQuery = z.strictObject({ minPosition });

/** A shipment or a return on its own, with the order it belongs to (both live in the orders projection). */
@Controller()
export class ShipmentsAndReturnsHttpController {
  constructor(private readonly orders: OrderQueries) {}

  @Get('shipments/:shipmentId')
  @Requires('shipments:read')
  @Reads('orders')
  async shipment(@PathParam() path: unknown, @Query() query: unknown, @Caller() caller: Principal): Promise<Projected<Record<string, unknown>>> {
    const { shipmentId } = parseParams(ShipmentPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const read = await this.orders.shipment(shipmentId);
    if (!read.body || !visibleTo(caller, read.body)) throw new NotFoundError(`no shipment ${shipmentId}`, { shipmentId }, read.position);
    return { position: read.position, body: read.body };
  }

  @Get('returns/:rmaNumber')
  @Requires('returns:read')
  @Reads('orders')
  async return(@PathParam() path: unknown, @Query() query: unknown, @Caller() caller: Principal): Promise<Projected<Record<string, unknown>>> {
    const { rmaNumber } = parseParams(ReturnPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const read = await this.orders.return(rmaNumber);
    if (!read.body || !visibleTo(caller, read.body)) throw new NotFoundError(`no return ${rmaNumber}`, { rmaNumber }, read.position);
    return { position: read.position, body: read.body };
  }
}

/** A channel key sees its own channel's shipments and returns; another's are answered 404. */
function visibleTo(caller: Principal, body: Record<string, unknown>): boolean {
  const only = channelScope(caller);
  return only === undefined || body.channel === only;
}
