import { Injectable } from '@nestjs/common';
import { StreamIds } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { ComplaintEvent, complaintDecider } from '../domain/complaint.decider';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

export interface Resolution {
  resolution: string;
  goodwillRefundMinor?: number;
}

/**
 * An operator closes a complaint, optionally with a goodwill refund in the order's currency, of at
 * most what was paid for the order less what was already refunded of it. The order stays locked
 * until the refund is recorded, so resolutions of its other complaints wait and see it.
 */
@Injectable()
export class ResolveComplaintHandler {
  constructor(private readonly orders: OrderViewRepository) {}

  async handle(complaintId: string, request: Resolution, uow: UnitOfWork): Promise<ComplaintEvent[]> {
    const streamId = StreamIds.complaint(complaintId);
    const loaded = await uow.load(streamId, complaintDecider);
    if (loaded.state.status === 'NONE') throw new DomainError('unknown-complaint', `complaint ${complaintId} does not exist`);
    const orderId = loaded.state.orderId!;
    const events = complaintDecider.decide(
      {
        type: 'ResolveComplaint',
        resolution: request.resolution,
        ...(request.goodwillRefundMinor !== undefined ? { goodwillRefundMinor: request.goodwillRefundMinor } : {}),
        order: await this.orders.refundableFor(uow.tx, orderId),
        now: uow.now,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    for (const event of events) {
      if (event.type === 'RefundIssued') await this.orders.recordRefund(uow.tx, orderId, event.data.amountMinor);
    }
    return events;
  }
}
