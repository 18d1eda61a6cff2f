import { randomUUID } from 'node:crypto';
import {
  Address,
  AftersalesEventData,
  InventoryEvent,
  orderIdFor,
  OrderEventData,
  ShippingEventData,
  SkuQuantity,
  StreamIds,
} from '@orderflow/contracts';
import { fold } from '@orderflow/decider';
import { EventStore, retryOnConflict } from '@orderflow/event-store';
import { UnitOfWork } from '@orderflow/platform';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { AllocateOrderHandler } from '../src/allocate-order/allocate-order.handler';
import { ReservationState, reservationDecider, ReservationEvent } from '../src/domain/reservation.decider';
import { restockDecider, RestockEvent, RestockState } from '../src/domain/restock.decider';
import { stockDecider, StockEvent, StockState } from '../src/domain/stock.decider';
import { inventoryMigrations } from '../src/infrastructure/migrations';
import { WarehouseDirectory } from '../src/infrastructure/warehouse-directory';
import { ExpectReturnHandler } from '../src/expect-return/expect-return.handler';
import { FreeCancelledShipmentHandler } from '../src/free-cancelled-shipment/free-cancelled-shipment.handler';
import { ReceiveReturnHandler } from '../src/receive-return/receive-return.handler';
import { RestockReturnedShipmentHandler } from '../src/restock-returned-shipment/restock-returned-shipment.handler';
import { ReceiveStockHandler } from '../src/receive-stock/receive-stock.handler';
import { RegisterWarehouseHandler } from '../src/register-warehouse/register-warehouse.handler';
import { ReleaseReservationHandler } from '../src/release-reservation/release-reservation.handler';
import { ShipReservationHandler } from '../src/ship-reservation/ship-reservation.handler';

export const BERLIN: Address = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' };
export const MUNICH: Address = { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE', region: 'BY' };

const envelope = <T extends string>(type: T) => ({ type, version: 1 as const, messageId: randomUUID(), occurredAt: new Date().toISOString() });

export interface PlacedOrder {
  orderId: string;
  orderNumber: string;
  externalOrderId: string;
  confirmed: OrderEventData<'OrderConfirmed'>;
}

/**
 * The inventory service's handlers on a fresh, migrated database, driven the way the consumer
 * drives them: each message in a transaction of its own, retried after a lost race.
 */
export class InventoryKit {
  readonly store: EventStore;
  readonly warehouses = new WarehouseDirectory();
  readonly register = new RegisterWarehouseHandler(this.warehouses);
  readonly receiveStock = new ReceiveStockHandler(this.warehouses);
  readonly allocate = new AllocateOrderHandler(this.warehouses);
  readonly release = new ReleaseReservationHandler();
  readonly ship = new ShipReservationHandler();
  readonly receiveReturn = new ReceiveReturnHandler(this.warehouses);
  readonly expectReturn = new ExpectReturnHandler();
  readonly freeCancelled = new FreeCancelledShipmentHandler();
  readonly restockReturned = new RestockReturnedShipmentHandler();
  private orders = 0;

  private constructor(readonly db: TestDatabase) {
    this.store = new EventStore(db.dataSource);
  }

  static async start(): Promise<InventoryKit> {
    return new InventoryKit(await createTestDatabase(inventoryMigrations));
  }

  stop(): Promise<void> {
    return this.db.drop();
  }

  /**
   * One message's unit of work; a lost optimistic-concurrency race is redone from a fresh load, as
   * the consumer does. The consumer waits out a long run of races; this has no such phase, so it
   * allows as many tries as the unit-of-work factory does, enough for the specs' racing writers.
   */
  run<T>(work: (uow: UnitOfWork) => Promise<T>, now = new Date()): Promise<T> {
    const messageId = randomUUID();
    return retryOnConflict(() => inUnitOfWork(this.db, work, { now, messageId }), { attempts: 50 });
  }

  registerWarehouse(warehouseId: string, country: string, region: string, name = warehouseId) {
    return this.run((uow) => this.register.handle({ ...envelope('WarehouseRegistered'), warehouseId, name, country, region }, uow));
  }

  receive(warehouseId: string, sku: string, quantity: number) {
    return this.run((uow) => this.receiveStock.received({ ...envelope('StockReceived'), warehouseId, sku, quantity }, uow));
  }

  adjust(warehouseId: string, sku: string, quantityDelta: number, reason = 'stock count') {
    return this.run((uow) => this.receiveStock.adjusted({ ...envelope('StockAdjusted'), warehouseId, sku, quantityDelta, reason }, uow));
  }

  /** An OrderConfirmed as order-service publishes it. */
  orderConfirmed(lines: SkuQuantity[], options: { shipTo?: Address; placedAt?: string } = {}): PlacedOrder {
    this.orders += 1;
    const externalOrderId = `W-${this.orders}-${randomUUID().slice(0, 8)}`;
    const orderId = orderIdFor('webshop', externalOrderId);
    const orderNumber = `OF-${String(this.orders).padStart(6, '0')}`;
    const placedAt = options.placedAt ?? new Date(Date.UTC(2026, 2, 1, 9, 0, this.orders)).toISOString();
    const priced = lines.map((l) => ({ ...l, unitPriceMinor: 1000 }));
    const confirmed: OrderEventData<'OrderConfirmed'> = {
      orderId,
      orderNumber,
      channel: 'webshop',
      externalOrderId,
      customer: { id: 'C-1', name: 'Ada Lovelace', email: 'ada@example.com' },
      shippingAddress: options.shipTo ?? BERLIN,
      lines: priced,
      currency: 'EUR',
      totalMinor: priced.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
      placedAt,
      confirmedAt: placedAt,
      estimatedDeliveryDate: '2026-03-04',
      status: 'CONFIRMED',
    };
    return { orderId, orderNumber, externalOrderId, confirmed };
  }

  async placeOrder(lines: SkuQuantity[], options: { shipTo?: Address; placedAt?: string } = {}): Promise<PlacedOrder> {
    const order = this.orderConfirmed(lines, options);
    await this.run((uow) => this.allocate.orderConfirmed(order.confirmed, uow));
    return order;
  }

  /** The order service's OrderCancelled alone: shipping has not answered yet. */
  orderCancelled(order: PlacedOrder, reason = 'ordered by mistake') {
    const { orderId, channel, externalOrderId } = order.confirmed;
    return this.run((uow) =>
      this.release.handle({ orderId, channel, externalOrderId, reason, cancelledAt: new Date().toISOString(), status: 'CANCELLED' }, uow),
    );
  }

  /** Shipping's ShipmentCancelled for a shipment of the reservation (it was not picked up). */
  async shipmentCancelled(reservationId: string, shipmentId: string, reason = 'order cancelled') {
    const { orderId, channel, externalOrderId, purpose, rmaNumber } = (await this.reservation(reservationId)).ref!;
    const cancelled: ShippingEventData<'ShipmentCancelled'> = {
      shipmentId,
      orderId,
      channel,
      externalOrderId,
      purpose,
      ...(rmaNumber ? { rmaNumber } : {}),
      reason,
      cancelledAt: new Date().toISOString(),
    };
    return this.run((uow) => this.freeCancelled.handle(cancelled, uow));
  }

  /** A cancellation that wins everywhere: OrderCancelled, then shipping cancels every shipment released. */
  async cancel(order: PlacedOrder, reason = 'ordered by mistake') {
    const decided = await this.orderCancelled(order, reason);
    const released = decided.flatMap((e) => (e.type === 'ReservationReleased' ? e.data.releasedShipments : []));
    for (const shipmentId of released) decided.push(...(await this.shipmentCancelled(order.orderId, shipmentId, reason)));
    return decided;
  }

  /** A ShipmentPickedUp as shipping-service publishes it, for a shipment the reservation holds. */
  async pickUp(reservationId: string, shipmentId: string) {
    const reservation = await this.reservation(reservationId);
    const shipment = reservation.shipments.find((s) => s.shipmentId === shipmentId)!;
    const { orderId, channel, externalOrderId, purpose, rmaNumber } = reservation.ref!;
    const pickedUp: ShippingEventData<'ShipmentPickedUp'> = {
      shipmentId,
      orderId,
      channel,
      externalOrderId,
      purpose,
      ...(rmaNumber ? { rmaNumber } : {}),
      carrier: 'ParcelNet',
      trackingNumber: `PN-${shipmentId}`,
      warehouseId: shipment.warehouseId,
      lines: shipment.lines,
      pickedUpAt: new Date().toISOString(),
    };
    return this.run((uow) => this.ship.handle(pickedUp, uow));
  }

  /** A ShipmentReturnedToSender as shipping-service publishes it. */
  async returnToSender(reservationId: string, shipmentId: string) {
    const { orderId, channel, externalOrderId, purpose, rmaNumber } = (await this.reservation(reservationId)).ref!;
    const returned: ShippingEventData<'ShipmentReturnedToSender'> = {
      shipmentId,
      orderId,
      channel,
      externalOrderId,
      purpose,
      ...(rmaNumber ? { rmaNumber } : {}),
      carrier: 'ParcelNet',
      trackingNumber: `PN-${shipmentId}`,
      returnedAt: new Date().toISOString(),
    };
    return this.run((uow) => this.restockReturned.handle(returned, uow));
  }

  /** A ReturnParcelReceived from the warehouse; pass messageId to report the very same message again. */
  returnParcel(
    warehouseId: string,
    rmaNumber: string,
    lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[],
    messageId = randomUUID(),
  ) {
    return this.run((uow) =>
      this.receiveReturn.handle({ ...envelope('ReturnParcelReceived'), messageId, warehouseId, rmaNumber, lines }, uow),
    );
  }

  /** A ReturnAuthorized as after-sales publishes it. */
  returnAuthorized(order: PlacedOrder, rmaNumber: string, lines: SkuQuantity[]) {
    const { orderId, channel, externalOrderId } = order.confirmed;
    const authorized: AftersalesEventData<'ReturnAuthorized'> = {
      rmaNumber,
      orderId,
      channel,
      externalOrderId,
      lines: lines.map((l) => ({ ...l, reason: 'does not fit', unitPriceMinor: 1000 })),
      resolution: 'REFUND',
      currency: 'EUR',
      returnBy: '2026-04-01',
      authorizedAt: new Date().toISOString(),
    };
    return this.run((uow) => this.expectReturn.authorized(authorized, uow));
  }

  /** A ReturnRejected as after-sales publishes it. */
  returnRejected(order: PlacedOrder, rmaNumber: string, lines: SkuQuantity[], reason = 'the return window ended') {
    const { orderId, channel, externalOrderId } = order.confirmed;
    const rejected: AftersalesEventData<'ReturnRejected'> = {
      rmaNumber,
      orderId,
      channel,
      externalOrderId,
      lines: lines.map((l) => ({ ...l, reason: 'does not fit' })),
      resolution: 'REFUND',
      reason,
      rejectedAt: new Date().toISOString(),
    };
    return this.run((uow) => this.expectReturn.rejected(rejected, uow));
  }

  async events<E extends InventoryEvent = InventoryEvent>(streamId: string): Promise<E[]> {
    return (await this.store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as E);
  }

  stockEvents(sku: string): Promise<StockEvent[]> {
    return this.events<StockEvent>(StreamIds.stock(sku));
  }

  /** The stock stream replayed from its first event (no snapshot). */
  async stock(sku: string): Promise<StockState> {
    return fold(stockDecider, await this.stockEvents(sku));
  }

  async restock(rmaNumber: string): Promise<RestockState> {
    return fold(restockDecider, await this.events<RestockEvent>(StreamIds.restock(rmaNumber)));
  }

  async reservation(reservationId: string): Promise<ReservationState> {
    return fold(reservationDecider, await this.events<ReservationEvent>(StreamIds.reservation(reservationId)));
  }
}

/** Levels per warehouse summed from the stock events alone, as the contract defines them. */
export function levelsFromEvents(events: readonly StockEvent[]) {
  const levels: Record<string, { received: number; adjusted: number; restocked: number; shipped: number; reserved: number }> = {};
  const at = (w: string) => (levels[w] ??= { received: 0, adjusted: 0, restocked: 0, shipped: 0, reserved: 0 });
  for (const e of events) {
    switch (e.type) {
      case 'StockReceived':
        at(e.data.warehouseId).received += e.data.quantity;
        break;
      case 'StockAdjusted':
        at(e.data.warehouseId).adjusted += e.data.quantityDelta;
        break;
      case 'StockRestocked':
        at(e.data.warehouseId).restocked += e.data.quantity;
        break;
      case 'StockShipped':
        at(e.data.warehouseId).shipped += e.data.quantity;
        at(e.data.warehouseId).reserved -= e.data.reservedQuantity;
        break;
      case 'StockReserved':
        at(e.data.warehouseId).reserved += e.data.quantity;
        break;
      case 'StockReservationReleased':
        at(e.data.warehouseId).reserved -= e.data.quantity;
        break;
      default:
        break;
    }
  }
  return levels;
}

/** Every prefix of the stream, replayed: the lowest available quantity any warehouse ever had. */
export function lowestAvailableEver(events: readonly StockEvent[]): number {
  let state = stockDecider.initialState();
  let lowest = Infinity;
  for (const e of events) {
    state = stockDecider.evolve(state, e);
    for (const { onHand, reserved } of Object.values(state.warehouses)) lowest = Math.min(lowest, onHand - reserved);
  }
  return lowest;
}
