import { Injectable } from '@nestjs/common';
import { ShipmentPacked, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { ProductWeights } from '../infrastructure/product-weights';
import { carrierOf, CARRIERS } from '../infrastructure/reference-data';

/**
 * A packed shipment is booked with the carrier the rules choose, among the carriers as they stand
 * in this transaction (docs/adr/0032); its tracking number is registered. A parcel its warehouse did
 * not weigh weighs what the catalogue says its lines weigh.
 */
@Injectable()
export class BookCarrierHandler {
  constructor(
    private readonly parcels: ParcelRegistry,
    private readonly weights: ProductWeights,
  ) {}

  /** `packedBy`: the one warehouse the sender speaks for, when it speaks for one. */
  async handle(message: ShipmentPacked, uow: UnitOfWork, packedBy?: string): Promise<ShippingEvent[]> {
    const streamId = StreamIds.shipment(message.shipmentId);
    const loaded = await uow.load(streamId, shipmentDecider);
    const booking = loaded.state.status === 'AWAITING_PACKING';
    // Only a booking spends a number of the sequence, or reads carriers and weights; a repeated packing decides nothing.
    const parcelNumber = booking ? await this.parcels.nextParcelNumber(uow.tx) : 0;
    const carriers = booking ? (await CARRIERS.all(uow.tx)).map((c) => carrierOf(c.key, c.entity)) : [];
    const unweighed = booking && message.weightGrams === undefined;
    const catalogueWeights = unweighed ? await this.weights.of(uow.tx, loaded.state.request!.lines.map((l) => l.sku)) : new Map<string, number>();
    const events = shipmentDecider.decide(
      {
        type: 'PackShipment',
        ...(message.weightGrams !== undefined ? { weightGrams: message.weightGrams } : {}),
        catalogueWeights,
        carriers,
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
