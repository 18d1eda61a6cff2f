import { Injectable } from '@nestjs/common';
import { OrderEvent, orderIdFor, OrderSubmitted, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { PersonalData } from '@orderflow/privacy';
import { orderDecider } from '../domain/order.decider';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/** Receipt: one order per (channel, externalOrderId), placed and then confirmed or rejected. */
@Injectable()
export class ReceiveOrderHandler {
  constructor(
    private readonly catalog: OrderCatalogRepository,
    private readonly personalData: PersonalData,
    private readonly payments: OrderPaymentIndex,
  ) {}

  async handle(message: OrderSubmitted, uow: UnitOfWork): Promise<OrderEvent[]> {
    const orderId = orderIdFor(message.channel, message.externalOrderId);
    const streamId = StreamIds.order(orderId);
    const loaded = await uow.load(streamId, orderDecider);
    if (loaded.state.status !== 'NONE') return []; // submitted before: no order number is spent on a duplicate
    // A channel producing straight to Kafka sends plaintext: sealed before it is stored (ADR 0022).
    // The key is made outside this transaction, so a cached key is always a committed one.
    const [submission] = await this.personalData.seal([message]);
    const events = orderDecider.decide(
      {
        type: 'PlaceOrder',
        orderId,
        orderNumber: await this.catalog.nextOrderNumber(uow.tx),
        submission,
        catalog: await this.catalog.catalogFor(uow.tx, submission),
        now: uow.now,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    await this.payments.follow(uow.tx, events);
    return events;
  }
}
