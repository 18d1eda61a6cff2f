import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AftersalesEventData, OrderEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { AllocateOrderHandler } from './allocate-order.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class AllocateOrderMessageController {
  constructor(
    private readonly handler: AllocateOrderHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderConfirmed')
  async onOrderConfirmed(@Payload() m: Message<OrderEventData<'OrderConfirmed'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.orderConfirmed(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }

  @EventPattern('OrderPaymentAuthorized')
  async onOrderPaymentAuthorized(@Payload() m: Message<OrderEventData<'OrderPaymentAuthorized'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.paymentAuthorized(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }

  @EventPattern('OrderChanged')
  async onOrderChanged(@Payload() m: Message<OrderEventData<'OrderChanged'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.orderChanged(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }

  @EventPattern('ExchangeReplacementRequested')
  async onExchangeReplacementRequested(
    @Payload() m: Message<AftersalesEventData<'ExchangeReplacementRequested'>>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.handler.exchangeRequested(m.data, this.units.forMessage(ctx, 'service:after-sales-service'));
  }
}
