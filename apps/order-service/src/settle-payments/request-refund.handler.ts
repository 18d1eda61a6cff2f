import { Injectable } from '@nestjs/common';
import { AftersalesEventData, OrderEvent } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { RefundIds } from '../domain/order-payments';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/**
 * After-sales decides that money goes back (a return's lines, or goodwill on a complaint); the
 * order, which holds the payments, asks the provider for it within what was captured. The refund
 * id follows the return or complaint, so a redelivered decision asks once.
 */
@Injectable()
export class RequestRefundHandler {
  constructor(private readonly index: OrderPaymentIndex) {}

  handle(issued: AftersalesEventData<'RefundIssued'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    const refundId = issued.rmaNumber ? RefundIds.forReturn(issued.rmaNumber) : RefundIds.forComplaint(issued.complaintId ?? issued.orderId);
    return this.index.execute(uow, issued.orderId, {
      type: 'RequestRefund',
      refund: {
        refundId,
        reason: issued.reason,
        amountMinor: issued.amountMinor,
        ...(issued.rmaNumber ? { rmaNumber: issued.rmaNumber } : {}),
        ...(issued.complaintId ? { complaintId: issued.complaintId } : {}),
        at: uow.now.toISOString(),
      },
    });
  }
}
