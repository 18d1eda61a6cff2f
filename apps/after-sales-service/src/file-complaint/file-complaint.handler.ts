import { Inject, Injectable } from '@nestjs/common';
import { ComplaintSubmitted, orderIdFor, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ComplaintEvent, complaintDecider } from '../domain/complaint.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AfterSalesNumbers } from '../infrastructure/aftersales-numbers';

/** A customer's complaint, sent by a channel: opened and acknowledged with a resolve-by deadline. */
@Injectable()
export class FileComplaintHandler {
  constructor(
    private readonly numbers: AfterSalesNumbers,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
  ) {}

  async handle(message: ComplaintSubmitted, uow: UnitOfWork): Promise<ComplaintEvent[]> {
    const complaintId = await this.numbers.nextComplaintId(uow.tx);
    const { events } = await uow.execute(StreamIds.complaint(complaintId), complaintDecider, {
      type: 'OpenComplaint',
      complaintId,
      orderId: orderIdFor(message.channel, message.externalOrderId),
      channel: message.channel,
      externalOrderId: message.externalOrderId,
      category: message.category,
      message: message.message,
      source: 'CUSTOMER',
      sla: this.config.COMPLAINT_SLA_HOURS,
      now: uow.now,
    });
    return events;
  }
}
