import { Injectable } from '@nestjs/common';
import { InventoryEventData, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { inStreamOrder } from '../domain/stream-order';
import { DelayWatch } from '../infrastructure/delay-watch';

/** Released reservations cancel their shipments that have not left the warehouse. */
@Injectable()
export class CancelShipmentsHandler {
  constructor(private readonly watch: DelayWatch) {}

  async handle(release: InventoryEventData<'ReservationReleased'>, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const decided: ShippingEvent[] = [];
    for (const shipmentId of inStreamOrder(release.releasedShipments)) {
      const { events, state } = await uow.execute(StreamIds.shipment(shipmentId), shipmentDecider, {
        type: 'CancelShipment',
        reason: release.reason,
        now: uow.now,
      });
      if (events.length > 0) await this.watch.follow(uow.tx, shipmentId, state);
      decided.push(...events);
    }
    return decided;
  }
}
