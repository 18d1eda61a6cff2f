import { Inject, Injectable } from '@nestjs/common';
import { OrderEventData, ShippingEventData, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ComplaintEvent, complaintDecider } from '../domain/complaint.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AfterSalesNumbers } from '../infrastructure/aftersales-numbers';
import { DeliveryCaseRepository } from '../infrastructure/delivery-cases.repository';

export type DeliveryProblem =
  | { kind: 'DELIVERY_FAILED'; shipment: ShippingEventData<'ShipmentDeliveryFailed'> }
  | { kind: 'RETURNED_TO_SENDER'; shipment: ShippingEventData<'ShipmentReturnedToSender'> }
  | { kind: 'SHIPPED_AFTER_CANCELLATION'; shipment: OrderEventData<'OrderShippedAfterCancellation'> };

/**
 * A failed delivery, a parcel returned to sender, or a parcel the carrier took after its order's
 * cancellation had won opens a complaint on the customer's behalf (source CARRIER), whatever the
 * shipment's purpose, where operators look for cases. One case per shipment and kind of problem:
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

function describe(problem: DeliveryProblem): string {
  const { shipment } = problem;
  const parcel = `shipment ${shipment.shipmentId} (${shipment.carrier}, tracking number ${shipment.trackingNumber})`;
  if (problem.kind === 'SHIPPED_AFTER_CANCELLATION') {
    return `${shipment.carrier} picked up ${parcel} after order ${shipment.externalOrderId} had been cancelled: its goods left although the order is cancelled`;
  }
  const where = problem.shipment.location ? `at ${problem.shipment.location}` : 'at an unreported location';
  return problem.kind === 'DELIVERY_FAILED'
    ? `${shipment.carrier} could not deliver ${parcel} ${where}`
    : `${shipment.carrier} returned ${parcel} to the sender ${where}`;
}
