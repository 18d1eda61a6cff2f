import { Injectable } from '@nestjs/common';
import { InventoryEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { reservationIdOf } from '../domain/reservation.decider';

/** A pick-up turns the shipment's reservation into a shipped decrement: on hand and reserved fall together. */
@Injectable()
export class ShipReservationHandler {
  async handle(pickedUp: ShippingEventData<'ShipmentPickedUp'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const reservationId = reservationIdOf(pickedUp);
    const decided = await streams.decideReservation(reservationId, { type: 'Ship', shipmentId: pickedUp.shipmentId, now: uow.now });
    if (decided.length === 0) return []; // picked up before
    const shipment = (await streams.reservation(reservationId)).shipments.find((s) => s.shipmentId === pickedUp.shipmentId)!;
    for (const line of shipment.lines) {
      await streams.decideStock({
        type: 'ShipStock',
        sku: line.sku,
        warehouseId: shipment.warehouseId,
        quantity: line.quantity,
        reservationId,
        orderId: pickedUp.orderId,
        shipmentId: shipment.shipmentId,
      });
    }
    return streams.commit();
  }
}
