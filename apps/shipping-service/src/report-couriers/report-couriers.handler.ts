import { Injectable } from '@nestjs/common';
import { CourierAccepted, CourierAvailable, CourierPosition, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { CourierDispatch } from '../dispatch-courier/courier-dispatch';
import { shipmentDecider } from '../domain/shipment.decider';
import { CourierDirectory } from '../infrastructure/courier-directory';

/** Shipments waiting for a courier that one courier becoming free may serve, tried in turn. */
const WAITING_TRIED = 10;

/** What local couriers report on carrier.tracking (docs/adr/0038). */
@Injectable()
export class ReportCouriersHandler {
  constructor(
    private readonly couriers: CourierDirectory,
    private readonly dispatch: CourierDispatch,
  ) {}

  /** Free, here: the longest-waiting shipment of its carrier that it may take is offered to the nearest free courier. */
  async available(message: CourierAvailable, uow: UnitOfWork): Promise<ShippingEvent[]> {
    await this.couriers.available(uow.tx, message.carrier, message.courierId, message.location, new Date(message.occurredAt));
    for (const shipmentId of await this.couriers.servable(uow.tx, WAITING_TRIED, message.carrier)) {
      const loaded = await uow.load(StreamIds.shipment(shipmentId), shipmentDecider);
      const { events } = await this.dispatch.offer(uow, shipmentId, loaded);
      if (events.some((e) => e.type === 'CourierAssigned')) return events;
    }
    return [];
  }

  async moved(message: CourierPosition, uow: UnitOfWork): Promise<void> {
    await this.couriers.moved(uow.tx, message.carrier, message.courierId, message.location, new Date(message.occurredAt));
  }

  /** The courier takes the shipment it was offered; a late or repeated answer changes nothing. */
  async accepted(message: CourierAccepted, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const { events, state } = await uow.execute(StreamIds.shipment(message.shipmentId), shipmentDecider, {
      type: 'AcceptCourier',
      carrier: message.carrier,
      courierId: message.courierId,
      now: uow.now,
    });
    if (events.length > 0) await this.couriers.follow(uow.tx, message.shipmentId, state.booking?.carrier, state);
    return events;
  }
}
