import { Injectable, Logger } from '@nestjs/common';
import { OrderEvent, orderIdFor, OrderSubmitted, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { PersonalData } from '@orderflow/privacy';
import { orderDecider } from '../domain/order.decider';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/** Receipt: one order per (channel, externalOrderId), placed and then confirmed or rejected. */
@Injectable()
export class ReceiveOrderHandler {
  private readonly logger = new Logger('ReceiveOrder');

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
    const { checkoutReports, ...catalog } = await this.catalog.catalogFor(uow.tx, submission, orderId);
    const events = orderDecider.decide(
      {
        type: 'PlaceOrder',
        orderId,
        orderNumber: await this.catalog.nextOrderNumber(uow.tx),
        submission,
        catalog,
        now: uow.now,
        checkoutReports,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    await this.payments.follow(uow.tx, events);
    if (checkoutReports.length > 0) {
      await this.payments.release(uow.tx, orderId);
      const taken = new Set(events.map((e) => (e.data as { paymentId?: string }).paymentId));
      for (const r of checkoutReports.filter((r) => !taken.has(r.paymentId))) {
        this.logger.warn(`order ${orderId}: the checkout payment ${r.paymentId} its channel reported early does not fit the order and was not taken`);
      }
    }
    return events;
  }
}
