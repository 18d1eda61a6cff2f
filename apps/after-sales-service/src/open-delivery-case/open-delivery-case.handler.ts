import { Inject, Injectable } from '@nestjs/common';
import { ShippingEventData, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ComplaintEvent, complaintDecider } from '../domain/complaint.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AfterSalesNumbers } from '../infrastructure/aftersales-numbers';
import { DeliveryCaseRepository } from '../infrastructure/delivery-cases.repository';

export type DeliveryProblem =
  | { kind: 'DELIVERY_FAILED'; shipment: ShippingEventData<'ShipmentDeliveryFailed'> }
  | { kind: 'RETURNED_TO_SENDER'; shipment: ShippingEventData<'ShipmentReturnedToSender'> };

/**
 * A failed delivery or a parcel returned to sender opens a complaint on the customer's behalf
 * (source CARRIER), whatever the shipment's purpose. One case per shipment and kind of problem:
 * a second failed attempt of the same parcel does not open another.
 */
@Injectable()
export class OpenDeliveryCaseHandler {
  constructor(
    private readonly numbers: AfterSalesNumbers,
    private readonly cases: DeliveryCaseRepository,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
  ) {}

  async handle(problem: DeliveryProblem, uow: UnitOfWork): Promise<ComplaintEvent[]> {
    const { shipment, kind } = problem;
    if (await this.cases.caseOf(uow.tx, shipment.shipmentId, kind)) return [];
    const complaintId = await this.numbers.nextComplaintId(uow.tx);
    await this.cases.remember(uow.tx, shipment.shipmentId, kind, complaintId);
    const { events } = await uow.execute(StreamIds.complaint(complaintId), complaintDecider, {
      type: 'OpenComplaint',
      complaintId,
      orderId: shipment.orderId,
      channel: shipment.channel,
      externalOrderId: shipment.externalOrderId,
      category: kind,
      message: describe(problem),
      source: 'CARRIER',
      shipmentId: shipment.shipmentId,
      sla: this.config.COMPLAINT_SLA_HOURS,
      now: uow.now,
    });
    return events;
  }
}

function describe({ kind, shipment }: DeliveryProblem): string {
  const where = shipment.location ? `at ${shipment.location}` : 'at an unreported location';
  const parcel = `shipment ${shipment.shipmentId} (${shipment.carrier}, tracking number ${shipment.trackingNumber})`;
  return kind === 'DELIVERY_FAILED'
    ? `${shipment.carrier} could not deliver ${parcel} ${where}`
    : `${shipment.carrier} returned ${parcel} to the sender ${where}`;
}
