import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { Projected } from '../infrastructure/http/read-model';
import { OrderQueries } from '../orders/order-queries';

const ShipmentPath = z.strictObject({ shipmentId: Param.text() });
const ReturnPath = z.strictObject({ rmaNumber: Param.text() });
const ReadQuery = z.strictObject({ minPosition });

/** A shipment or a return on its own, with the order it belongs to (both live in the orders projection). */
@Controller()
export class ShipmentsAndReturnsHttpController {
  constructor(private readonly orders: OrderQueries) {}

  @Get('shipments/:shipmentId')
  @Reads('orders')
  async shipment(@PathParam() path: unknown, @Query() query: unknown): Promise<Projected<Record<string, unknown>>> {
    const { shipmentId } = parseParams(ShipmentPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const read = await this.orders.shipment(shipmentId);
    if (!read.body) throw new NotFoundError(`no shipment ${shipmentId}`, { shipmentId }, read.position);
    return { position: read.position, body: read.body };
  }

  @Get('returns/:rmaNumber')
  @Reads('orders')
  async return(@PathParam() path: unknown, @Query() query: unknown): Promise<Projected<Record<string, unknown>>> {
    const { rmaNumber } = parseParams(ReturnPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const read = await this.orders.return(rmaNumber);
    if (!read.body) throw new NotFoundError(`no return ${rmaNumber}`, { rmaNumber }, read.position);
    return { position: read.position, body: read.body };
  }
}
