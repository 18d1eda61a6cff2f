import { Injectable } from '@nestjs/common';
import { Address, AftersalesEventData, InventoryEvent, LineMadeToOrder, LineOptions, OrderEventData, SkuQuantity } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { AllocationPlan, mergeLines, planAllocation } from '../domain/allocation-planner';
import { ReservationRef, ReservationState } from '../domain/reservation.decider';
import { watchProductionDueDates } from '../infrastructure/production-due';
import { stockCommandsFor } from '../domain/reservation-to-stock';
import { availableAt } from '../domain/stock.decider';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/** A line to allocate; a made-to-order one carries its terms and the buyer's options (docs/adr/0039). */
export type RequestedLine = SkuQuantity & { options?: LineOptions; madeToOrder?: LineMadeToOrder };

/** Available quantity by SKU, then warehouse id, as a plan is to see it. */
type Availability = Record<string, Record<string, number>>;

/** What is to be allocated: an order's lines, or the replacement goods of an exchange. */
export interface AllocationRequest {
  ref: ReservationRef;
  orderNumber?: string;
  lines: readonly RequestedLine[];
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

  /**
   * Where the lines can be had now, by the planner's preference, and what has to wait. A SKU in
   * `given` is available only as it says (made-to-order units, docs/adr/0039), not as stocked.
   */
  /** Records the plan on the reservation and, per event it decided, the stock moves it makes. */
  private async reserve(
    streams: InventoryStreams,
    order: Pick<AllocationRequest, 'ref' | 'orderNumber' | 'shipTo' | 'promisedBy' | 'placedAt'>,
    plan: AllocationPlan,
    uow: UnitOfWork,
  ): Promise<void> {
    const { reservationId } = order.ref;
    const decided = await streams.decideReservation(reservationId, {
      type: 'Allocate',
      ref: order.ref,
      orderNumber: order.orderNumber,
      shipTo: order.shipTo,
      promisedBy: order.promisedBy,
      shipments: plan.shipments,
      backordered: plan.backordered,
      decision: plan.decision,
      now: uow.now,
    });
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation, order.placedAt)) await streams.decideStock(command);
    }
  }

  private async plan(streams: InventoryStreams, lines: SkuQuantity[], shipTo: Address, uow: UnitOfWork, given: Availability = {}) {
    const available: Availability = {};
    for (const { sku } of lines) {
      if (Object.hasOwn(given, sku)) {
        available[sku] = given[sku];
        continue;
      }
      const stock = await streams.stock(sku);
      available[sku] = Object.fromEntries(Object.keys(stock.warehouses).map((w) => [w, availableAt(stock, w)]));
    }
    const warehouseIds = [...new Set(Object.values(available).flatMap((byWarehouse) => Object.keys(byWarehouse)))];
    return planAllocation({ lines, shipTo, warehouses: await this.warehouses.locations(uow.tx, warehouseIds), available });
  }

  /**
   * An order with made-to-order lines (docs/adr/0039) is held whole: one production order per such
   * line, all delivered to the warehouse the order would ship from, and nothing reserved until the
   * factory has made them all (allocateHeld).
   */
  private async holdForProduction(streams: InventoryStreams, request: AllocationRequest, uow: UnitOfWork): Promise<void> {
    const { ref, orderNumber } = request;
    if (!orderNumber) throw new DomainError('missing-shipment-prefix', `reservation ${ref.reservationId} names no order number`);
    const lines = mergeLines(request.lines.map(({ sku, quantity }) => ({ sku, quantity })));
    const made = request.lines.filter((l) => l.madeToOrder);
    const warehouseId = await this.receivingWarehouse(streams, lines, new Set(made.map((l) => l.sku)), request.shipTo, uow);
    const productionOrders = made.map((l, i) => ({ productionOrderId: `${orderNumber}-P${i + 1}`, sku: l.sku, quantity: l.quantity, warehouseId }));
    for (const [i, line] of made.entries()) {
      const { productionOrderId } = productionOrders[i];
      await streams.decideProduction(productionOrderId, {
        type: 'OrderProduction',
        ref: { productionOrderId, orderId: ref.orderId, channel: ref.channel, externalOrderId: ref.externalOrderId, sku: line.sku },
        orderNumber,
        quantity: line.quantity,
        options: line.options ?? {},
        dueDate: line.madeToOrder!.dueDate,
        warehouseId,
        now: uow.now,
      });
    }
    await streams.decideReservation(ref.reservationId, {
      type: 'HoldForProduction',
      ref,
      orderNumber,
      shipTo: request.shipTo,
      promisedBy: request.promisedBy,
      lines,
      placedAt: request.placedAt,
      productionOrders,
      now: uow.now,
    });
    await watchProductionDueDates(uow.tx, made.map((l, i) => ({ productionOrderId: productionOrders[i].productionOrderId, dueDate: l.madeToOrder!.dueDate })));
  }

  /**
   * The warehouse the factory delivers to: the one allocation would ship the order from, its
   * made-to-order units counted as available at every registered warehouse (so the nearest one
   * that has the order's stock lines too, by the planner's rules).
   */
  private async receivingWarehouse(streams: InventoryStreams, lines: SkuQuantity[], made: ReadonlySet<string>, shipTo: Address, uow: UnitOfWork): Promise<string> {
    const registered = await this.warehouses.registeredIds(uow.tx);
    if (registered.length === 0) throw new DomainError('no-warehouse', 'no warehouse is registered to receive made-to-order units');
    const anywhere = Object.fromEntries(registered.map((w) => [w, Number.MAX_SAFE_INTEGER]));
    const given: Availability = Object.fromEntries([...made].map((sku) => [sku, anywhere]));
    const plan = await this.plan(streams, lines, shipTo, uow, given);
    return plan.shipments.find((s) => s.lines.some((l) => made.has(l.sku)))!.warehouseId;
  }

  /**
   * The last production order of a held reservation is made (docs/adr/0039): the whole order is
   * allocated now, its made-to-order lines from the units at their warehouse, the rest as any
   * order's. Called in the unit of work that recorded the completion and received the units.
   */
  async allocateHeld(streams: InventoryStreams, reservation: ReservationState, uow: UnitOfWork): Promise<void> {
    const held = reservation.held!;
    const produced: Availability = {};
    for (const p of held.productionOrders) produced[p.sku] = { [p.warehouseId]: p.quantity };
    const plan = await this.plan(streams, mergeLines(held.lines), reservation.shipTo!, uow, produced);
    await this.reserve(streams, { ref: reservation.ref!, orderNumber: held.orderNumber, shipTo: reservation.shipTo!, promisedBy: reservation.promisedBy!, placedAt: held.placedAt }, plan, uow);
  }

  async allocate(request: AllocationRequest, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const { reservationId } = request.ref;
    if ((await streams.reservation(reservationId)).status !== 'NONE') return []; // allocated (or held) before
    if (request.lines.some((l) => l.madeToOrder)) {
      await this.holdForProduction(streams, request, uow);
      return streams.commit();
    }
    const lines = mergeLines(request.lines.map(({ sku, quantity }) => ({ sku, quantity })));
    const plan = await this.plan(streams, lines, request.shipTo, uow);
    await this.reserve(streams, request, plan, uow);
    return streams.commit();
  }
}
