import { Injectable } from '@nestjs/common';
import { InventoryEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { StockLocation } from '../domain/backorder-filling';
import { reservationIdOf } from '../domain/reservation.decider';

/**
 * The carrier brought a parcel back to the warehouse it left from: its goods are on the shelf
 * there again (once per shipment), and fill waiting backorders like any restock.
 */
@Injectable()
export class RestockReturnedShipmentHandler {
  async handle(returned: ShippingEventData<'ShipmentReturnedToSender'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const decided = await streams.decideReservation(reservationIdOf(returned), {
      type: 'ReturnShipmentToStock',
      shipmentId: returned.shipmentId,
      now: uow.now,
    });
    const restocked: StockLocation[] = [];
    for (const event of decided) {
      if (event.type !== 'ReservationShipmentReturned') continue;
      const { shipmentId, warehouseId } = event.data;
      for (const { sku, quantity } of event.data.lines) {
        await streams.decideStock({ type: 'RestockReturn', sku, warehouseId, quantity, shipmentId });
        restocked.push({ sku, warehouseId });
      }
    }
    await fillBackorders(streams, restocked, uow.now);
    return streams.commit();
  }
}
