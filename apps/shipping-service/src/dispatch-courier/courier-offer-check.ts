import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShippingEvent, StreamIds } from '@orderflow/contracts';
import { Clock } from '@orderflow/event-store';
import { CLOCK, sweepEach, UnitOfWork, UnitOfWorkFactory } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { CourierDirectory } from '../infrastructure/courier-directory';
import { CourierDispatch } from './courier-dispatch';

/** Shipments looked at per pass at most, of each kind; the rest wait for the next pass. */
const PASS_SIZE = 500;

/**
 * One pass of the courier check (docs/adr/0038): an offer not accepted in time lapses, its courier
 * is taken as gone, and the shipment goes to the next nearest free courier; a shipment waiting for
 * a courier gets one that became free without saying so (a cancelled shipment's). One transaction
 * per shipment; replicas racing on one decide it once (the stream's version) and the loser finds
 * nothing left to do.
 */
@Injectable()
export class CourierOfferCheck {
  private readonly logger = new Logger('CourierOfferCheck');

  constructor(
    private readonly units: UnitOfWorkFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly couriers: CourierDirectory,
    private readonly dispatch: CourierDispatch,
  ) {}

  /** Returns how many offers lapsed and how many waiting shipments were offered. */
  async check(): Promise<{ lapsed: number; offered: number }> {
    const sweep = { pass: randomUUID(), actor: 'service:shipping-service', logger: this.logger };
    const lapsing = await this.couriers.lapsedOffers(this.dataSource, this.clock(), PASS_SIZE);
    const lapsed = await sweepEach(this.units, lapsing, { ...sweep, kind: 'lapse', describe: (id) => `courier lapse of shipment ${id}` }, async (shipmentId, uow) =>
      (await this.lapse(shipmentId, uow)).length > 0,
    );
    const waiting = await this.couriers.servable(this.dataSource, PASS_SIZE);
    const offered = await sweepEach(this.units, waiting, { ...sweep, kind: 'offer', describe: (id) => `courier offer of shipment ${id}` }, async (shipmentId, uow) => {
      const loaded = await uow.load(StreamIds.shipment(shipmentId), shipmentDecider);
      return (await this.dispatch.offer(uow, shipmentId, loaded)).events.length > 0;
    });
    return { lapsed, offered };
  }

  private async lapse(shipmentId: string, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const streamId = StreamIds.shipment(shipmentId);
    const loaded = await uow.load(streamId, shipmentDecider);
    const events = shipmentDecider.decide({ type: 'LapseCourier', now: uow.now }, loaded.state);
    const after = await uow.append(streamId, loaded, events, { decider: shipmentDecider });
    for (const e of events) if (e.type === 'CourierAssignmentLapsed') await this.couriers.unresponsive(uow.tx, e.data.carrier, e.data.courierId);
    return [...events, ...(await this.dispatch.offer(uow, shipmentId, after)).events];
  }
}
