import { Injectable } from '@nestjs/common';
import { InventoryEvent, ProductionCompleted, ProductionFailed, ProductionStarted } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { AllocateOrderHandler } from '../allocate-order/allocate-order.handler';
import { InventoryStreams } from '../application/inventory-streams';
import { productionComplete } from '../domain/reservation.decider';
import { forgetProductionDueDates } from '../infrastructure/production-due';

/**
 * The factory's answers on production.events (docs/adr/0039). A start is recorded; a completion
 * puts the units on the stock of the warehouse they were made for and, when it was the held
 * order's last production order, allocates the whole order in the same transaction, so the units
 * are reserved for it before anything else could take them; a failure is recorded, and the order
 * service cancels the order. An answer repeated, by Kafka or by the factory, changes nothing.
 */
@Injectable()
export class RecordProductionHandler {
  constructor(private readonly allocation: AllocateOrderHandler) {}

  async started(message: ProductionStarted, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    await streams.decideProduction(message.productionOrderId, { type: 'StartProduction', productionOrderId: message.productionOrderId, now: uow.now });
    return streams.commit();
  }

  async completed(message: ProductionCompleted, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const { productionOrderId, quantity } = message;
    const decided = await streams.decideProduction(productionOrderId, { type: 'CompleteProduction', productionOrderId, quantity, now: uow.now });
    if (decided.length === 0) return []; // completed before
    const production = await streams.production(productionOrderId);
    const { sku, orderId } = production.ref!;
    await streams.decideStock({ type: 'ReceiveStock', sku, warehouseId: production.warehouseId!, quantity, productionOrderId });
    await forgetProductionDueDates(uow.tx, [productionOrderId]);
    // A cancelled order's units stay on hand, unreserved, for an operator to decide about.
    if (!production.cancelled) {
      await streams.decideReservation(orderId, { type: 'RecordProductionCompleted', productionOrderId, now: uow.now });
      const reservation = await streams.reservation(orderId);
      if (productionComplete(reservation)) await this.allocation.allocateHeld(streams, reservation, uow);
    }
    return streams.commit();
  }

  async failed(message: ProductionFailed, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const { productionOrderId, reason } = message;
    await streams.decideProduction(productionOrderId, { type: 'FailProduction', productionOrderId, reason, now: uow.now });
    await forgetProductionDueDates(uow.tx, [productionOrderId]);
    return streams.commit();
  }
}
