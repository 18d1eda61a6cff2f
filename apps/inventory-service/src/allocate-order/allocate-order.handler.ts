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

  /**
   * The order changed (docs/adr/0034). Its reservation releases the shipments not picked up and
   * its backorders, and allocates again what has not left: the new lines less what shipped, to the
   * new address. The released shipments' stock stays held until shipping cancels them, so the new
   * plan sees it as taken; what cannot be had now waits, in the order's old place in the queue.
   * An order still waiting for its payment has nothing allocated yet: it waits with the new lines.
   */
  async orderChanged(changed: OrderEventData<'OrderChanged'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    // The service's role may insert and delete a waiting order, not update it: it waits again with the new lines.
    const parked = (await uow.tx.query(
      `WITH waiting AS (DELETE FROM inventory_awaiting_payment WHERE order_id = $1 RETURNING request)
       INSERT INTO inventory_awaiting_payment (order_id, request)
       SELECT $1, request || jsonb_build_object('lines', $2::jsonb, 'shipTo', $3::jsonb) FROM waiting
       RETURNING order_id`,
      [changed.orderId, JSON.stringify(changed.lines), JSON.stringify(changed.shippingAddress)],
    )) as unknown[];
    if (parked.length > 0) return [];
    const streams = new InventoryStreams(uow);
    const reservationId = changed.orderId;
    const reservation = await streams.reservation(reservationId);
    if (reservation.status !== 'OPEN' || reservation.changes.includes(changed.changeId)) return [];
    const left = new Map(mergeLines(changed.lines.map(({ sku, quantity }) => ({ sku, quantity }))).map((l) => [l.sku, l.quantity]));
    for (const line of reservation.shipments.filter((s) => s.shipped).flatMap((s) => s.lines)) {
      left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
    }
    const lines = [...left].filter(([, quantity]) => quantity > 0).map(([sku, quantity]) => ({ sku, quantity }));
    let placedAt = uow.now.toISOString();
    for (const { sku } of reservation.backordered) {
      const queued = (await streams.stock(sku)).backorders.find((b) => b.reservationId === reservationId);
      if (queued && queued.placedAt < placedAt) placedAt = queued.placedAt;
    }
    const plan = await this.plan(streams, lines, changed.shippingAddress, uow);
    const decided = await streams.decideReservation(reservationId, {
      type: 'Replan',
      changeId: changed.changeId,
      shipTo: changed.shippingAddress,
      shipments: plan.shipments,
      backordered: plan.backordered,
      decision: plan.decision,
      now: uow.now,
    });
    const after = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, after, placedAt)) await streams.decideStock(command);
    }
    return streams.commit();
  }

  /** Where the lines can be had now, by the planner's preference, and what has to wait. */
  private async plan(streams: InventoryStreams, lines: SkuQuantity[], shipTo: Address, uow: UnitOfWork) {
    const stocks: Record<string, StockState> = {};
    for (const { sku } of lines) stocks[sku] = await streams.stock(sku);
    const warehouseIds = [...new Set(Object.values(stocks).flatMap((s) => Object.keys(s.warehouses)))];
    const available: Record<string, Record<string, number>> = {};
    for (const [sku, stock] of Object.entries(stocks)) {
      available[sku] = Object.fromEntries(Object.keys(stock.warehouses).map((w) => [w, availableAt(stock, w)]));
    }
    return planAllocation({ lines, shipTo, warehouses: await this.warehouses.locations(uow.tx, warehouseIds), available });
  }

  async allocate(request: AllocationRequest, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const { reservationId } = request.ref;
    if ((await streams.reservation(reservationId)).status !== 'NONE') return []; // allocated before

    const lines = mergeLines(request.lines.map(({ sku, quantity }) => ({ sku, quantity })));
    const plan = await this.plan(streams, lines, request.shipTo, uow);

    const decided = await streams.decideReservation(reservationId, {
      type: 'Allocate',
      ref: request.ref,
      orderNumber: request.orderNumber,
      shipTo: request.shipTo,
      promisedBy: request.promisedBy,
      shipments: plan.shipments,
      backordered: plan.backordered,
      decision: plan.decision,
      now: uow.now,
    });
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation, request.placedAt)) await streams.decideStock(command);
    }
    return streams.commit();
  }
}
