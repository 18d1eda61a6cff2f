import { Injectable } from '@nestjs/common';
import { InventoryEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { StockLocation } from '../domain/backorder-filling';
import { reservationIdOf, shipmentOf } from '../domain/reservation.decider';

/**
 * Shipping confirmed a shipment cancelled before any pick-up: only now is its held stock freed,
 * and the freed stock fills other orders' backorders. Until then a cancelled order's stock stays
 * held, so a pick-up that beat the cancellation at shipping ships as reserved (docs/adr/0013).
 */
@Injectable()
export class FreeCancelledShipmentHandler {
  async handle(cancelled: ShippingEventData<'ShipmentCancelled'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const shipment = shipmentOf(await streams.reservation(reservationIdOf(cancelled)), cancelled.shipmentId);
    const freed: StockLocation[] = [];
    for (const line of shipment.lines) {
      const released = await streams.decideStock({
        type: 'ReleaseReservation',
        sku: line.sku,
        shipmentId: shipment.shipmentId,
        reason: cancelled.reason,
      });
      if (released.length > 0) freed.push({ sku: line.sku, warehouseId: shipment.warehouseId });
    }
    await fillBackorders(streams, freed, uow.now);
    return streams.commit();
  }
}
