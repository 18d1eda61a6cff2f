import { Injectable } from '@nestjs/common';
import { ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * A delivered shipment of the order's own goods adds to the delivered quantities and moves the
 * SKUs' return windows; exchange replacements are not part of the order's returnable goods.
 */
@Injectable()
export class RecordDeliveryHandler {
  constructor(private readonly orders: OrderViewRepository) {}

  async handle(delivered: ShippingEventData<'ShipmentDelivered'>, uow: UnitOfWork): Promise<void> {
    if (delivered.purpose !== 'ORDER') return;
    await this.orders.recordDelivery(uow.tx, delivered.orderId, delivered.lines, delivered.deliveredAt);
  }
}
