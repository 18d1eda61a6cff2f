import { Injectable } from '@nestjs/common';
import { Address, AftersalesEventData, InventoryEvent, OrderEventData, SkuQuantity } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { mergeLines, planAllocation } from '../domain/allocation-planner';
import { ReservationRef } from '../domain/reservation.decider';
import { stockCommandsFor } from '../domain/reservation-to-stock';
import { availableAt, StockState } from '../domain/stock.decider';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/** What is to be allocated: an order's lines, or the replacement goods of an exchange. */
export interface AllocationRequest {
  ref: ReservationRef;
  orderNumber?: string;
  lines: readonly SkuQuantity[];
  shipTo: Address;
  promisedBy: string;
  /** Queue position of whatever has to wait. */
  placedAt: string;
}

/**
 * Allocation: reserves stock where the planner prefers it and queues the rest, appending to every
 * SKU's stock stream and to the reservation stream in one transaction. A lost race on a stock
 * stream is retried with fresh levels, so available stock never goes negative.
 */
@Injectable()
export class AllocateOrderHandler {
  constructor(private readonly warehouses: WarehouseDirectory) {}

  /**
   * A confirmed order is allocated at once, unless its channel authorises payment first: then it
   * waits (ADR 31) for OrderPaymentAuthorized, which follows on the same partition of order.events.
   */
  async orderConfirmed(order: OrderEventData<'OrderConfirmed'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const request = this.requestOf(order);
    if (order.paymentMode !== 'authorize-capture') return this.allocate(request, uow);
    await uow.tx.query(`INSERT INTO inventory_awaiting_payment (order_id, request) VALUES ($1, $2) ON CONFLICT (order_id) DO NOTHING`, [
      order.orderId,
      JSON.stringify(request),
    ]);
    return [];
  }

  /** The payment of a waiting order is authorised: allocate it now. An order cancelled meanwhile waits no more. */
  async paymentAuthorized(authorized: OrderEventData<'OrderPaymentAuthorized'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const [row] = (await uow.tx.query(
      `WITH waiting AS (DELETE FROM inventory_awaiting_payment WHERE order_id = $1 RETURNING request) SELECT request FROM waiting`,
      [authorized.orderId],
    )) as { request: AllocationRequest }[];
    return row ? this.allocate(row.request, uow) : [];
  }

  private requestOf(order: OrderEventData<'OrderConfirmed'>): AllocationRequest {
    return {
      ref: { reservationId: order.orderId, orderId: order.orderId, channel: order.channel, externalOrderId: order.externalOrderId, purpose: 'ORDER' },
      orderNumber: order.orderNumber,
      lines: order.lines,
      shipTo: order.shippingAddress,
      promisedBy: order.estimatedDeliveryDate,
      placedAt: order.placedAt,
    };
  }

  exchangeRequested(exchange: AftersalesEventData<'ExchangeReplacementRequested'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    return this.allocate(
      {
        ref: {
          reservationId: exchange.rmaNumber,
          orderId: exchange.orderId,
          channel: exchange.channel,
          externalOrderId: exchange.externalOrderId,
          purpose: 'EXCHANGE',
          rmaNumber: exchange.rmaNumber,
        },
        lines: exchange.lines,
        shipTo: exchange.shipTo,
        promisedBy: exchange.promisedBy,
        placedAt: exchange.requestedAt,
      },
      uow,
    );
  }

  async allocate(request: AllocationRequest, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const { reservationId } = request.ref;
    if ((await streams.reservation(reservationId)).status !== 'NONE') return []; // allocated before

    const lines = mergeLines(request.lines.map(({ sku, quantity }) => ({ sku, quantity })));
    const stocks: Record<string, StockState> = {};
    for (const { sku } of lines) stocks[sku] = await streams.stock(sku);
    const warehouseIds = [...new Set(Object.values(stocks).flatMap((s) => Object.keys(s.warehouses)))];
    const available: Record<string, Record<string, number>> = {};
    for (const [sku, stock] of Object.entries(stocks)) {
      available[sku] = Object.fromEntries(Object.keys(stock.warehouses).map((w) => [w, availableAt(stock, w)]));
    }
    const plan = planAllocation({
      lines,
      shipTo: request.shipTo,
      warehouses: await this.warehouses.locations(uow.tx, warehouseIds),
      available,
    });

    const decided = await streams.decideReservation(reservationId, {
      type: 'Allocate',
      ref: request.ref,
      orderNumber: request.orderNumber,
      shipTo: request.shipTo,
      promisedBy: request.promisedBy,
      shipments: plan.shipments,
      backordered: plan.backordered,
      now: uow.now,
    });
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation, request.placedAt)) await streams.decideStock(command);
    }
    return streams.commit();
  }
}
