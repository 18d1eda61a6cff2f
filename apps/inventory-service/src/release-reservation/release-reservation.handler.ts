import { Injectable } from '@nestjs/common';
import { InventoryEvent, OrderEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';

/**
 * A cancelled order gives back what it holds. Its backorders are withdrawn at once. Its shipments
 * not yet picked up are released (ReservationReleased, which asks shipping to cancel them), but
 * their stock stays held until shipping answers: ShipmentCancelled frees it, a pick-up that got
 * there first ships it as reserved. So the carrier and the cancellation are decided in one place,
 * the shipment's stream, and stock is never promised twice (docs/adr/0013).
 */
@Injectable()
export class ReleaseReservationHandler {
  async handle(cancelled: OrderEventData<'OrderCancelled'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const reservationId = cancelled.orderId;
    const decided = await streams.decideReservation(reservationId, { type: 'Release', reason: cancelled.reason, now: uow.now });
    for (const event of decided) {
      if (event.type !== 'ReservationReleased') continue;
      for (const waiting of event.data.withdrawnBackorders) {
        await streams.decideStock({ type: 'WithdrawBackorder', sku: waiting.sku, reservationId });
      }
    }
    return streams.commit();
  }
}
