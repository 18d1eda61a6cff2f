import { Injectable } from '@nestjs/common';
import { InventoryEventData, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { StreamWrite, UnitOfWork } from '@orderflow/platform';
import { ShipmentRequest, shipmentDecider, ShipmentState } from '../domain/shipment.decider';
import { DelayWatch } from '../infrastructure/delay-watch';

export type Allocation = InventoryEventData<'StockAllocated' | 'BackorderAllocated' | 'ReservationReplanned'>;

/** Every warehouse part of an allocation becomes a shipment waiting to be packed, watched for delay. */
@Injectable()
export class RequestShipmentHandler {
  constructor(private readonly watch: DelayWatch) {}

  async handle(allocation: Allocation, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const requests = new Map(allocation.shipments.map((s) => [StreamIds.shipment(s.shipmentId), requestOf(allocation, s)]));
    const writes: StreamWrite<ShipmentState, ShippingEvent>[] = [];
    for (const [streamId, request] of requests) {
      const loaded = await uow.load(streamId, shipmentDecider);
      const events = shipmentDecider.decide({ type: 'RequestShipment', request, now: uow.now }, loaded.state);
      writes.push({ streamId, loaded, events, decider: shipmentDecider });
    }
    const decided: ShippingEvent[] = [];
    for (const { streamId, events, state } of await uow.appendInStreamOrder(writes)) {
      if (events.length > 0) await this.watch.follow(uow.tx, requests.get(streamId)!.shipmentId, state);
      decided.push(...events);
    }
    return decided;
  }
}

function requestOf(allocation: Allocation, shipment: Allocation['shipments'][number]): ShipmentRequest {
  return {
    shipmentId: shipment.shipmentId,
    orderId: allocation.orderId,
    channel: allocation.channel,
    externalOrderId: allocation.externalOrderId,
    purpose: allocation.purpose,
    ...(allocation.rmaNumber !== undefined ? { rmaNumber: allocation.rmaNumber } : {}),
    reservationId: allocation.reservationId,
    warehouseId: shipment.warehouseId,
    lines: shipment.lines,
    shipTo: allocation.shipTo,
    promisedBy: allocation.promisedBy,
    ...(shipment.distanceKm !== undefined ? { distanceKm: shipment.distanceKm } : {}),
    ...(shipment.origin !== undefined ? { origin: shipment.origin } : {}),
  };
}
