import { Injectable } from '@nestjs/common';
import { OrderEvent } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ProductionReport } from '../domain/order-production';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/**
 * What inventory reports about the production of an order's made-to-order lines (docs/adr/0039)
 * becomes the order's: the channel hears of it, a cancellation is judged by it, and a failure
 * cancels the order.
 */
@Injectable()
export class TrackProductionHandler {
  constructor(private readonly index: OrderPaymentIndex) {}

  handle(orderId: string, report: ProductionReport, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.index.execute(uow, orderId, { type: 'RecordProduction', report });
  }
}
