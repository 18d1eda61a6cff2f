import { Injectable } from '@nestjs/common';
import { OrderChangeRequested, OrderEvent, orderIdFor, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { PersonalData } from '@orderflow/privacy';
import { orderDecider } from '../domain/order.decider';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/**
 * A channel's change to an order before it ships (docs/adr/0034): accepted, refused with the
 * shipment that already left, or waiting for the difference to be authorised.
 */
@Injectable()
export class ChangeOrderHandler {
  constructor(
    private readonly catalog: OrderCatalogRepository,
    private readonly personalData: PersonalData,
    private readonly index: OrderPaymentIndex,
  ) {}

  async handle(message: OrderChangeRequested, uow: UnitOfWork): Promise<OrderEvent[]> {
    const orderId = orderIdFor(message.channel, message.externalOrderId);
    const loaded = await uow.load(StreamIds.order(orderId), orderDecider);
    const order = loaded.state;
    // A new address sent straight to Kafka is plaintext: sealed with the order's customer's key before it is stored (ADR 0022).
    let shippingAddress = message.shippingAddress;
    if (shippingAddress && order.customerId) {
      const [sealed] = await this.personalData.seal([{ channel: message.channel, customer: { id: order.customerId }, shippingAddress }]);
      shippingAddress = sealed.shippingAddress as typeof shippingAddress;
    }
    const skus = (message.lines ?? []).map((l) => l.sku);
    const catalog = await this.catalog.changeCatalogFor(uow.tx, { channel: message.channel, currency: order.currency ?? '' }, skus);
    const { changeId, customerId, lines, reason } = message;
    return this.index.execute(uow, orderId, {
      type: 'ChangeOrder',
      change: { changeId, customerId, shippingAddress, lines, reason },
      catalog,
      now: uow.now,
    });
  }
}
