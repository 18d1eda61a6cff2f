import { Injectable } from '@nestjs/common';
import { OrderEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/** A confirmed order enters the local view: its prices, currency and address serve returns later. */
@Injectable()
export class RecordOrderHandler {
  constructor(private readonly orders: OrderViewRepository) {}

  async handle(confirmed: OrderEventData<'OrderConfirmed'>, uow: UnitOfWork): Promise<void> {
    await this.orders.recordOrder(uow.tx, confirmed);
  }
}
