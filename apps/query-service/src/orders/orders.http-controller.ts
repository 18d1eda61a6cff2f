import { Controller, Get, Param as PathParam, Query } from '@nestjs/common';
import { z } from 'zod';
import { ORDER_STATUSES } from '@orderflow/contracts';
import { OrderDocument, TimelineEntry } from '@orderflow/projections';
import { Caller, channelScope, Principal, Requires } from '@orderflow/security';
import { BadParametersError, NotFoundError } from '../infrastructure/http/api-errors';
import { decodeCursor } from '../infrastructure/http/cursor';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';
import { Reads } from '../infrastructure/http/projection-position.interceptor';
import { JsonText, Projected } from '../infrastructure/http/read-model';
import { OrderPage, OrderQueries, Timeline } from './order-queries';

export const MAX_PAGE_SIZE = 500;

// The parameters each route validates, and documents (../docs/openapi.ts).
export const OrderPath = z.strictObject({ orderId: Param.uuid().describe('The order id (UUID v5 of channel and external order id)') });
export const OrderQuery = z.strictObject({ asOf: Param.instant().optional().describe('ISO-8601 date-time with a time zone'), minPosition });
export const ChannelPath = z.strictObject({
  channel: Param.text().describe('The sales channel'),
  externalOrderId: Param.text().describe("The channel's order id"),
});
export const ListQuery = z.strictObject({
  channel: Param.text().optional().describe('Only this channel'),
  orderNumber: Param.text().optional().describe('Only the order with this order number (exact), e.g. OF-000123'),
  externalOrderId: Param.text().optional().describe("Only orders with this channel's order id (exact; usually with channel)"),
  status: Param.listOf(ORDER_STATUSES).optional().describe(`One or more statuses, comma-separated: any of ${ORDER_STATUSES.join(', ')}`),
  customerId: Param.text().optional().describe('Only this customer'),
  sku: Param.text().optional().describe('Only orders with a line of this SKU'),
  placedFrom: Param.dateOrInstant().optional().describe('Placed at or after (date or date-time)'),
  placedTo: Param.dateOrInstant().optional().describe('Placed before (date or date-time)'),
  limit: Param.integer(1, MAX_PAGE_SIZE).optional().describe(`Page size, 1 to ${MAX_PAGE_SIZE} (default 50)`),
  cursor: Param.text(2000).optional().describe('nextCursor of the previous page'),
  minPosition,
});
export const ReadQuery = z.strictObject({ minPosition });

/**
 * Where is order X, what happened to it and when. A channel key sees its own channel's orders only:
 * another channel's order is answered 404, as if it did not exist.
 */
@Requires('orders:read')
@Controller()
export class OrdersHttpController {
  constructor(private readonly orders: OrderQueries) {}

  @Get('orders')
  @Reads('orders')
  async list(@Query() query: unknown, @Caller() caller: Principal): Promise<Projected<JsonText<OrderPage>>> {
    const q = parseParams(ListQuery, query, 'query');
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (cursor && 'parameter' in cursor) throw new BadParametersError([cursor]);
    if (q.placedFrom && q.placedTo && q.placedFrom >= q.placedTo) {
      throw new BadParametersError([
        { parameter: 'placedTo', in: 'query', expected: 'expected an instant after placedFrom', received: (query as Record<string, unknown>).placedTo },
      ]);
    }
    return this.orders.list({ ...q, limit: q.limit ?? 50, cursor, onlyChannel: channelScope(caller) });
  }

  @Get('orders/:orderId')
  @Reads('orders')
  async byId(
    @PathParam() path: unknown,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<Projected<OrderDocument | JsonText<OrderDocument>>> {
    const { orderId } = parseParams(OrderPath, path, 'path');
    const { asOf } = parseParams(OrderQuery, query, 'query');
    const only = channelScope(caller);
    const read = asOf ? await this.orders.asOf(orderId, asOf) : await this.orders.byId(orderId, only);
    if (!read.body || (only !== undefined && !(read.body instanceof JsonText) && read.body.channel !== only)) {
      throw new NotFoundError(
        asOf ? `order ${orderId} had not been placed at ${asOf.toISOString()}` : `no order ${orderId} has been placed`,
        { orderId, ...(asOf ? { asOf: asOf.toISOString() } : {}) },
        read.position,
      );
    }
    return { position: read.position, body: read.body };
  }

  @Get('orders/:orderId/timeline')
  @Reads('orders')
  async timeline(
    @PathParam() path: unknown,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<Projected<Timeline>> {
    const { orderId } = parseParams(OrderPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const read = await this.orders.timeline(orderId);
    const only = channelScope(caller);
    if (!read.body || (only !== undefined && placedBy(read.body) !== only)) throw new NotFoundError(`no event names order ${orderId}`, { orderId }, read.position);
    return { position: read.position, body: { orderId, events: read.body } };
  }

  @Get('channels/:channel/orders/:externalOrderId')
  @Reads('orders')
  async byChannelId(@PathParam() path: unknown, @Query() query: unknown, @Caller() caller: Principal): Promise<Projected<OrderDocument>> {
    const { channel, externalOrderId } = parseParams(ChannelPath, path, 'path');
    parseParams(ReadQuery, query, 'query');
    const only = channelScope(caller);
    const read = only !== undefined && channel !== only ? { position: undefined, body: null } : await this.orders.byChannelId(channel, externalOrderId);
    if (!read.body) {
      throw new NotFoundError(`channel ${channel} has no order ${externalOrderId}`, { channel, externalOrderId }, read.position);
    }
    return { position: read.position, body: read.body };
  }
}

/** The channel an order's timeline says placed it; undefined while its OrderPlaced has not been seen. */
function placedBy(events: TimelineEntry[]): string | undefined {
  const placed = events.find((e) => e.type === 'OrderPlaced');
  const channel = (placed?.data as { channel?: unknown } | undefined)?.channel;
  return typeof channel === 'string' ? channel : undefined;
}
