import { Injectable } from '@nestjs/common';
import { ShippingEvent, StreamIds, TrackingUpdated } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { CourierDirectory } from '../infrastructure/courier-directory';
import { DelayWatch } from '../infrastructure/delay-watch';
import { ParcelRegistry } from '../infrastructure/parcel-registry';

/** A carrier's scan, found by tracking number, moves its shipment along (and off the delay watch at the end). */
@Injectable()
export class TrackParcelHandler {
  constructor(
    private readonly parcels: ParcelRegistry,
    private readonly watch: DelayWatch,
    private readonly couriers: CourierDirectory,
  ) {}

  async handle(message: TrackingUpdated, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const shipmentId = await this.parcels.shipmentOf(uow.tx, message.trackingNumber);
    if (!shipmentId) {
      throw new DomainError(
        'unknown-tracking-number',
        `tracking number ${message.trackingNumber} (${message.carrier}) belongs to no shipment booked by orderflow`,
      );
    }
    const { events, state } = await uow.execute(StreamIds.shipment(shipmentId), shipmentDecider, {
      type: 'RecordScan',
      status: message.status,
      ...(message.location !== undefined ? { location: message.location } : {}),
      // When the carrier scanned the parcel, not when the scan reached us.
      scannedAt: new Date(message.occurredAt).toISOString(),
    });
    if (events.length > 0) {
      await this.watch.follow(uow.tx, shipmentId, state);
      // A courier's delivery (or the end of it otherwise) frees the courier.
      await this.couriers.follow(uow.tx, shipmentId, state.booking?.carrier, state);
    }
    return events;
  }
}
