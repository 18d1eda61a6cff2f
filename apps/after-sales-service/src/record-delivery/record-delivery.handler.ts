import { Injectable } from '@nestjs/common';
import { ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { DecideAwaitedReturnHandler } from '../decide-awaited-return/decide-awaited-return.handler';
import { ReturnEvent } from '../domain/return.decider';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * A delivered shipment of the order's own goods adds to the delivered quantities and moves the
 * SKUs' return windows; exchange replacements are not part of the order's returnable goods.
 * Return requests of the order that waited for a delivery are decided again at once.
 */
@Injectable()
export class RecordDeliveryHandler {
  constructor(
    private readonly orders: OrderViewRepository,
    private readonly awaitedReturns: DecideAwaitedReturnHandler,
  ) {}

  async handle(delivered: ShippingEventData<'ShipmentDelivered'>, uow: UnitOfWork): Promise<ReturnEvent[]> {
    if (delivered.purpose !== 'ORDER') return [];
    await this.orders.recordDelivery(uow.tx, delivered.orderId, delivered.lines, delivered.deliveredAt);
    return this.awaitedReturns.forOrder(delivered.orderId, uow);
  }
}
