import { Inject, Injectable } from '@nestjs/common';
import { ShipmentPacked, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';

/** A packed shipment is booked with the carrier the rules choose; its tracking number is registered. */
@Injectable()
export class BookCarrierHandler {
  constructor(
    @Inject(SHIPPING_CONFIG) private readonly config: Pick<ShippingConfig, 'SHIPPING_CARRIERS'>,
    private readonly parcels: ParcelRegistry,
  ) {}

  /** `packedBy`: the one warehouse the sender speaks for, when it speaks for one. */
  async handle(message: ShipmentPacked, uow: UnitOfWork, packedBy?: string): Promise<ShippingEvent[]> {
    const streamId = StreamIds.shipment(message.shipmentId);
    const loaded = await uow.load(streamId, shipmentDecider);
    // Only a booking spends a number of the sequence; a repeated packing decides nothing.
    const parcelNumber = loaded.state.status === 'AWAITING_PACKING' ? await this.parcels.nextParcelNumber(uow.tx) : 0;
    const events = shipmentDecider.decide(
      {
        type: 'PackShipment',
        weightGrams: message.weightGrams,
        carriers: this.config.SHIPPING_CARRIERS,
        parcelNumber,
        now: uow.now,
        ...(packedBy !== undefined ? { packedBy } : {}),
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    for (const event of events) {
      if (event.type === 'ShipmentBooked') await this.parcels.register(uow.tx, event.data.trackingNumber, event.data.shipmentId);
    }
    return events;
  }
}
