import { Injectable } from '@nestjs/common';
import { OrderEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { DecideAwaitedReturnHandler } from '../decide-awaited-return/decide-awaited-return.handler';
import { ReturnEvent } from '../domain/return.decider';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * A confirmed order enters the local view: its prices, currency and address serve returns later.
 * A return request that arrived before the confirmation (and waited for it) is decided again.
 */
@Injectable()
export class RecordOrderHandler {
  constructor(
    private readonly orders: OrderViewRepository,
    private readonly awaitedReturns: DecideAwaitedReturnHandler,
  ) {}

  async handle(confirmed: OrderEventData<'OrderConfirmed'>, uow: UnitOfWork): Promise<ReturnEvent[]> {
    await this.orders.recordOrder(uow.tx, confirmed);
    return this.awaitedReturns.forOrder(confirmed.orderId, uow);
  }
}
