import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { OrderViewRepository } from '../infrastructure/order-view.repository';
import { RecordOrderHandler } from './record-order.handler';

@Controller()
export class RecordOrderMessageController {
  constructor(
    private readonly handler: RecordOrderHandler,
    private readonly orders: OrderViewRepository,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderConfirmed')
  async onOrderConfirmed(@Payload() m: ServiceEventMessage<OrderEventData<'OrderConfirmed'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }

  /** A changed order's address, lines and total serve its returns (docs/adr/0034). */
  @EventPattern('OrderChanged')
  async onOrderChanged(@Payload() m: ServiceEventMessage<OrderEventData<'OrderChanged'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.orders.recordChange(ctx.tx, m.data);
  }
}
