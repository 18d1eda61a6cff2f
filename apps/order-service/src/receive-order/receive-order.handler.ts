import { Injectable } from '@nestjs/common';
import { OrderEvent, orderIdFor, OrderSubmitted, StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { orderDecider } from '../domain/order.decider';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';

/** Receipt: one order per (channel, externalOrderId), placed and then confirmed or rejected. */
@Injectable()
export class ReceiveOrderHandler {
  constructor(private readonly catalog: OrderCatalogRepository) {}

  async handle(message: OrderSubmitted, uow: UnitOfWork): Promise<OrderEvent[]> {
    const orderId = orderIdFor(message.channel, message.externalOrderId);
    const streamId = StreamIds.order(orderId);
    const loaded = await uow.load(streamId, orderDecider);
    if (loaded.state.status !== 'NONE') return []; // submitted before: no order number is spent on a duplicate
    const events = orderDecider.decide(
      {
        type: 'PlaceOrder',
        orderId,
        orderNumber: await this.catalog.nextOrderNumber(uow.tx),
        submission: message,
        catalog: await this.catalog.catalogFor(uow.tx, message),
        now: uow.now,
      },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    return events;
  }
}
