import { Injectable } from '@nestjs/common';
import { InventoryEventData, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ShipmentRequest, shipmentDecider } from '../domain/shipment.decider';
import { inStreamOrder } from '../domain/stream-order';
import { DelayWatch } from '../infrastructure/delay-watch';

export type Allocation = InventoryEventData<'StockAllocated' | 'BackorderAllocated'>;

/** Every warehouse part of an allocation becomes a shipment waiting to be packed, watched for delay. */
@Injectable()
export class RequestShipmentHandler {
  constructor(private readonly watch: DelayWatch) {}

  async handle(allocation: Allocation, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const requests = new Map(allocation.shipments.map((s) => [s.shipmentId, requestOf(allocation, s)]));
    const decided: ShippingEvent[] = [];
    for (const shipmentId of inStreamOrder([...requests.keys()])) {
      const { events, state } = await uow.execute(StreamIds.shipment(shipmentId), shipmentDecider, {
        type: 'RequestShipment',
        request: requests.get(shipmentId)!,
        now: uow.now,
      });
      if (events.length > 0) await this.watch.follow(uow.tx, shipmentId, state);
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
  };
}
