import { Injectable } from '@nestjs/common';
import { ShippingEventData, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ReturnEvent, returnDecider } from '../domain/return.decider';

/** The carrier picked up an exchange's replacement: the customer hears it has shipped. */
@Injectable()
export class ExchangeShippedHandler {
  async handle(pickUp: ShippingEventData<'ShipmentPickedUp'>, uow: UnitOfWork): Promise<ReturnEvent[]> {
    if (pickUp.purpose !== 'EXCHANGE') return [];
    const { events } = await uow.execute(StreamIds.return(rmaNumberOf(pickUp)), returnDecider, {
      type: 'RecordExchangeShipped',
      shipmentId: pickUp.shipmentId,
      carrier: pickUp.carrier,
      trackingNumber: pickUp.trackingNumber,
      shippedAt: pickUp.pickedUpAt,
    });
    return events;
  }
}

/** Exchange shipments name their RMA; their ids are `<rmaNumber>-<n>` should one not. */
const rmaNumberOf = (pickUp: { rmaNumber?: string; shipmentId: string }): string =>
  pickUp.rmaNumber ?? pickUp.shipmentId.replace(/-\d+$/, '');
