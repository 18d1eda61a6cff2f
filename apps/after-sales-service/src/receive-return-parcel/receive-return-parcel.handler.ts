import { Inject, Injectable } from '@nestjs/common';
import { ReturnParcelReceived, StreamIds } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { ReturnEvent, returnDecider } from '../domain/return.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * The warehouse received a return parcel: the RMA is refunded or its replacement requested. A
 * refund counts against what is left to refund of the order (the cap on goodwill refunds).
 */
@Injectable()
export class ReceiveReturnParcelHandler {
  constructor(
    private readonly orders: OrderViewRepository,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
  ) {}

  async handle(message: ReturnParcelReceived, uow: UnitOfWork): Promise<ReturnEvent[]> {
    const streamId = StreamIds.return(message.rmaNumber);
    const loaded = await uow.load(streamId, returnDecider);
    if (loaded.state.status === 'NONE') {
      throw new DomainError('unknown-rma', `return parcel names ${message.rmaNumber}, which is no known RMA`);
    }
    const shipTo = loaded.state.resolution === 'EXCHANGE' ? await this.orders.shipToOf(uow.tx, loaded.state.orderId!) : undefined;
    const events = returnDecider.decide(
      {
        type: 'ReceiveParcel',
        warehouseId: message.warehouseId,
        lines: message.lines,
        shipTo,
        exchangeLeadTimeDays: this.config.EXCHANGE_LEAD_TIME_DAYS,
        now: uow.now,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    for (const event of events) {
      if (event.type === 'RefundIssued') await this.orders.recordRefund(uow.tx, event.data.orderId, event.data.amountMinor);
    }
    return events;
  }
}
