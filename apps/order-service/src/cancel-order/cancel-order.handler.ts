import { Injectable } from '@nestjs/common';
import { OrderCancellationRequested, OrderEvent, orderIdFor } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/** Cancellation until the first pick-up; refused (with a reason the channel is told) after it. */
@Injectable()
export class CancelOrderHandler {
  constructor(private readonly index: OrderPaymentIndex) {}

  handle(message: OrderCancellationRequested, uow: UnitOfWork): Promise<OrderEvent[]> {
    const orderId = orderIdFor(message.channel, message.externalOrderId);
    return this.index.execute(uow, orderId, { type: 'CancelOrder', reason: message.reason, now: uow.now });
  }
}
