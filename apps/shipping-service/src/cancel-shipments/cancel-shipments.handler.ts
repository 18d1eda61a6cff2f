import { Injectable } from '@nestjs/common';
import { InventoryEventData, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { StreamWrite, UnitOfWork } from '@orderflow/platform';
import { shipmentDecider, ShipmentState } from '../domain/shipment.decider';
import { CourierDirectory } from '../infrastructure/courier-directory';
import { DelayWatch } from '../infrastructure/delay-watch';

/** Released reservations cancel their shipments that have not left the warehouse. */
@Injectable()
export class CancelShipmentsHandler {
  constructor(
    private readonly watch: DelayWatch,
    private readonly couriers: CourierDirectory,
  ) {}

  async handle(release: InventoryEventData<'ReservationReleased'>, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const shipmentIds = new Map(release.releasedShipments.map((shipmentId) => [StreamIds.shipment(shipmentId), shipmentId]));
    const writes: StreamWrite<ShipmentState, ShippingEvent>[] = [];
    for (const streamId of shipmentIds.keys()) {
      const loaded = await uow.load(streamId, shipmentDecider);
      const events = shipmentDecider.decide({ type: 'CancelShipment', reason: release.reason, now: uow.now }, loaded.state);
      writes.push({ streamId, loaded, events, decider: shipmentDecider });
    }
    const decided: ShippingEvent[] = [];
    for (const { streamId, events, state } of await uow.appendInStreamOrder(writes)) {
      if (events.length > 0) {
        await this.watch.follow(uow.tx, shipmentIds.get(streamId)!, state);
        await this.couriers.follow(uow.tx, shipmentIds.get(streamId)!, state.booking?.carrier, state);
      }
      decided.push(...events);
    }
    return decided;
  }
}
