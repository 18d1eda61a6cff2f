import { Injectable } from '@nestjs/common';
import { InventoryEvent, OrderEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { StockLocation } from '../domain/backorder-filling';

/**
 * A cancelled order gives back what it holds: reservations of shipments not yet picked up are
 * released and its backorders withdrawn; the released stock then fills other orders' backorders.
 */
@Injectable()
export class ReleaseReservationHandler {
  async handle(cancelled: OrderEventData<'OrderCancelled'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const reservationId = cancelled.orderId;
    const before = await streams.reservation(reservationId);
    const decided = await streams.decideReservation(reservationId, { type: 'Release', reason: cancelled.reason, now: uow.now });
    const freed: StockLocation[] = [];
    for (const event of decided) {
      if (event.type !== 'ReservationReleased') continue;
      for (const shipmentId of event.data.releasedShipments) {
        const shipment = before.shipments.find((s) => s.shipmentId === shipmentId)!;
        for (const line of shipment.lines) {
          await streams.decideStock({ type: 'ReleaseReservation', sku: line.sku, shipmentId, reason: cancelled.reason });
          freed.push({ sku: line.sku, warehouseId: shipment.warehouseId });
        }
      }
      for (const waiting of event.data.withdrawnBackorders) {
        await streams.decideStock({ type: 'WithdrawBackorder', sku: waiting.sku, reservationId });
      }
    }
    await fillBackorders(streams, freed, uow.now);
    return streams.commit();
  }
}
