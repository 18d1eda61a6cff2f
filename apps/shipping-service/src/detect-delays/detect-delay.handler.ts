import { Injectable } from '@nestjs/common';
import { ShippingEvent, StreamIds } from '@orderflow/contracts';
import { isoDateOf } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { shipmentDecider } from '../domain/shipment.decider';
import { DelayWatch } from '../infrastructure/delay-watch';

/** One shipment's delay check, as of the unit of work's day. */
@Injectable()
export class DetectDelayHandler {
  constructor(private readonly watch: DelayWatch) {}

  async handle(shipmentId: string, uow: UnitOfWork): Promise<ShippingEvent[]> {
    const { events, state } = await uow.execute(StreamIds.shipment(shipmentId), shipmentDecider, {
      type: 'DetectDelay',
      today: isoDateOf(uow.now),
      now: uow.now,
    });
    // Also when nothing was decided: a watch row behind its stream (another replica delayed it) is set right.
    await this.watch.follow(uow.tx, shipmentId, state);
    return events;
  }
}
