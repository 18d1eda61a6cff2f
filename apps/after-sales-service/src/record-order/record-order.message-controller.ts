import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RecordOrderHandler } from './record-order.handler';

@Controller()
export class RecordOrderMessageController {
  constructor(
    private readonly handler: RecordOrderHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('OrderConfirmed')
  async onOrderConfirmed(@Payload() m: ServiceEventMessage<OrderEventData<'OrderConfirmed'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:order-service'));
  }
}
