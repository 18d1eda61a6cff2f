import { Injectable } from '@nestjs/common';
import { InventoryEvent, OrderEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { stockCommandsFor } from '../domain/reservation-to-stock';
import { forgetProductionDueDates } from '../infrastructure/production-due';

/**
 * A cancelled order gives back what it holds. Its backorders are withdrawn at once. Its shipments
 * not yet picked up are released (ReservationReleased, which asks shipping to cancel them), but
 * their stock stays held until shipping answers: ShipmentCancelled frees it, a pick-up that got
 * there first ships it as reserved. So the carrier and the cancellation are decided in one place,
 * the shipment's stream, and stock is never promised twice (docs/adr/0013). An order held for
 * production cancels its production orders not yet made: the factory is told (docs/adr/0039).
 */
@Injectable()
export class ReleaseReservationHandler {
  async handle(cancelled: OrderEventData<'OrderCancelled'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    // An order still waiting for its payment's authorisation waits no more (ADR 31).
    await uow.tx.query(`DELETE FROM inventory_awaiting_payment WHERE order_id = $1`, [cancelled.orderId]);
    const streams = new InventoryStreams(uow);
    const reservationId = cancelled.orderId;
    const decided = await streams.decideReservation(reservationId, { type: 'Release', reason: cancelled.reason, now: uow.now });
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation)) await streams.decideStock(command);
    }
    if (decided.length > 0 && reservation.held) {
      const unmade = reservation.held.productionOrders.filter((p) => !p.completed).map((p) => p.productionOrderId);
      for (const id of unmade) await streams.decideProduction(id, { type: 'CancelProduction', reason: cancelled.reason, now: uow.now });
      await forgetProductionDueDates(uow.tx, unmade);
    }
    return streams.commit();
  }
}
