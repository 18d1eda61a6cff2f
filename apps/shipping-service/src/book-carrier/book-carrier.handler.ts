import { Injectable } from '@nestjs/common';
import { ShipmentPacked, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { CourierDispatch } from '../dispatch-courier/courier-dispatch';
import { needsCourier, shipmentDecider } from '../domain/shipment.decider';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { ProductWeights } from '../infrastructure/product-weights';
import { carrierOf, CARRIERS } from '../infrastructure/reference-data';

/**
 * A packed shipment is booked with the carrier the rules choose, among the carriers as they stand
 * in this transaction (docs/adr/0032); its tracking number is registered. A parcel its warehouse did
 * not weigh weighs what the catalogue says its lines weigh. Booked with a local courier, it is
 * offered to the nearest free courier in the same transaction.
 */
@Injectable()
export class BookCarrierHandler {
  constructor(
    private readonly parcels: ParcelRegistry,
    private readonly weights: ProductWeights,
    private readonly dispatch: CourierDispatch,
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
    const after = await uow.append(streamId, loaded, events, { decider: shipmentDecider });
    for (const event of events) {
      if (event.type === 'ShipmentBooked') await this.parcels.register(uow.tx, event.data.trackingNumber, event.data.shipmentId);
    }
    // A local courier's shipment goes to the nearest free courier at once (docs/adr/0038).
    if (events.length > 0 && needsCourier(after.state)) return [...events, ...(await this.dispatch.offer(uow, message.shipmentId, after)).events];
    return events;
  }
}
