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

/** An operator closes a complaint, optionally with a goodwill refund in the order's currency. */
@Injectable()
export class ResolveComplaintHandler {
  constructor(private readonly orders: OrderViewRepository) {}

  async handle(complaintId: string, request: Resolution, uow: UnitOfWork): Promise<ComplaintEvent[]> {
    const streamId = StreamIds.complaint(complaintId);
    const loaded = await uow.load(streamId, complaintDecider);
    if (loaded.state.status === 'NONE') throw new DomainError('unknown-complaint', `complaint ${complaintId} does not exist`);
    const events = complaintDecider.decide(
      {
        type: 'ResolveComplaint',
        resolution: request.resolution,
        ...(request.goodwillRefundMinor !== undefined ? { goodwillRefundMinor: request.goodwillRefundMinor } : {}),
        orderCurrency: await this.orders.currencyOf(uow.tx, loaded.state.orderId!),
        now: uow.now,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    return events;
  }
}
