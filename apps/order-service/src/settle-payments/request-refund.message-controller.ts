import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AftersalesEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RequestRefundHandler } from './request-refund.handler';

@Controller()
export class RequestRefundMessageController {
  constructor(
    private readonly handler: RequestRefundHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('RefundIssued')
  async onRefundIssued(@Payload() m: ServiceEventMessage<AftersalesEventData<'RefundIssued'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:after-sales-service'));
  }
}
