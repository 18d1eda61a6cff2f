import { Injectable } from '@nestjs/common';
import { OrderCancellationRequested, OrderEvent, orderIdFor, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { orderDecider } from '../domain/order.decider';

/** Cancellation until the first pick-up; refused (with a reason the channel is told) after it. */
@Injectable()
export class CancelOrderHandler {
  async handle(message: OrderCancellationRequested, uow: UnitOfWork): Promise<OrderEvent[]> {
    const streamId = StreamIds.order(orderIdFor(message.channel, message.externalOrderId));
    return (await uow.execute(streamId, orderDecider, { type: 'CancelOrder', reason: message.reason, now: uow.now })).events;
  }
}
