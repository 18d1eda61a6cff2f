import { Inject, Injectable } from '@nestjs/common';
import { orderIdFor, ReturnRequested, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ReturnEvent, returnDecider } from '../domain/return.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AfterSalesNumbers } from '../infrastructure/aftersales-numbers';
import { AwaitedReturnsRepository } from '../infrastructure/awaited-returns.repository';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * A channel asks to return delivered goods: a fresh RMA, authorised or rejected with the reasons.
 * Authorised quantities are marked returned in the order view in the same transaction. A request
 * naming goods not seen delivered yet waits for the delivery (RETURN_DELIVERY_WAIT_HOURS) instead
 * of being rejected, since the delivery event travels on another topic (docs/adr/0013).
 */
@Injectable()
export class RequestReturnHandler {
  constructor(
    private readonly orders: OrderViewRepository,
    private readonly numbers: AfterSalesNumbers,
    private readonly awaited: AwaitedReturnsRepository,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
  ) {}

  async handle(message: ReturnRequested, uow: UnitOfWork): Promise<ReturnEvent[]> {
    const orderId = orderIdFor(message.channel, message.externalOrderId);
    const order = await this.orders.returnFactsFor(uow.tx, orderId);
    const rmaNumber = await this.numbers.nextRmaNumber(uow.tx);
    const { events } = await uow.execute(StreamIds.return(rmaNumber), returnDecider, {
      type: 'RequestReturn',
      rmaNumber,
      orderId,
      channel: message.channel,
      externalOrderId: message.externalOrderId,
      lines: message.lines,
      resolution: message.resolution,
      order,
      returnWindowDays: this.config.RETURN_WINDOW_DAYS,
      awaitDeliveryHours: this.config.RETURN_DELIVERY_WAIT_HOURS,
      now: uow.now,
    });
    for (const event of events) {
      if (event.type === 'ReturnAuthorized') await this.orders.recordReturnAuthorized(uow.tx, orderId, event.data.lines);
      if (event.type === 'ReturnAwaitingDelivery') await this.awaited.remember(uow.tx, rmaNumber, orderId, event.data.awaitDeliveryUntil);
    }
    return events;
  }
}
