import { Injectable } from '@nestjs/common';
import { InventoryEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { reservationIdOf } from '../domain/reservation.decider';
import { stockCommandsFor } from '../domain/reservation-to-stock';

/** A pick-up turns the shipment's reservation into a shipped decrement: on hand and reserved fall together. */
@Injectable()
export class ShipReservationHandler {
  async handle(pickedUp: ShippingEventData<'ShipmentPickedUp'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const reservationId = reservationIdOf(pickedUp);
    const decided = await streams.decideReservation(reservationId, { type: 'Ship', shipmentId: pickedUp.shipmentId, now: uow.now });
    if (decided.length === 0) return []; // picked up before
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation)) await streams.decideStock(command);
    }
    return streams.commit();
  }
}
