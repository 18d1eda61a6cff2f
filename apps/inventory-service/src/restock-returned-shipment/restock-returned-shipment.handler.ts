import { Injectable } from '@nestjs/common';
import { InventoryEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { StockLocation } from '../domain/backorder-filling';
import { reservationIdOf } from '../domain/reservation.decider';
import { stockCommandsFor } from '../domain/reservation-to-stock';

/**
 * The carrier brought a parcel back to the warehouse it left from: its goods are on the shelf
 * there again (once per shipment), and fill waiting backorders like any restock.
 */
@Injectable()
export class RestockReturnedShipmentHandler {
  async handle(returned: ShippingEventData<'ShipmentReturnedToSender'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const reservationId = reservationIdOf(returned);
    const decided = await streams.decideReservation(reservationId, {
      type: 'ReturnShipmentToStock',
      shipmentId: returned.shipmentId,
      now: uow.now,
    });
    const reservation = await streams.reservation(reservationId);
    const restocked: StockLocation[] = [];
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation)) {
        await streams.decideStock(command);
        if (command.type === 'RestockReturn') restocked.push({ sku: command.sku, warehouseId: command.warehouseId });
      }
    }
    await fillBackorders(streams, restocked, uow.now);
    return streams.commit();
  }
}
