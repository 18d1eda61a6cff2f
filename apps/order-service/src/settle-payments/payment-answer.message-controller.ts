import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PaymentEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { PaymentAnswerHandler } from './payment-answer.handler';

const ACTOR = 'provider:payments';

@Controller()
export class PaymentAnswerMessageController {
  constructor(
    private readonly handler: PaymentAnswerHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('PaymentAuthorized')
  async onAuthorized(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, actorOf(m)));
  }

  @EventPattern('PaymentAuthorizationFailed')
  async onAuthorizationFailed(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, ACTOR));
  }

  @EventPattern('PaymentCaptured')
  async onCaptured(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, actorOf(m)));
  }

  @EventPattern('PaymentCaptureFailed')
  async onCaptureFailed(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, ACTOR));
  }

  @EventPattern('PaymentRefunded')
  async onRefunded(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, ACTOR));
  }

  @EventPattern('PaymentRefundFailed')
  async onRefundFailed(@Payload() m: PaymentEventMessage, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m, this.units.forMessage(ctx, ACTOR));
  }
}

/** A channel reporting its own checkout's payment acts as that channel. */
function actorOf(m: PaymentEventMessage): string {
  const channel = (m as { channel?: string }).channel;
  return channel && !(m as { orderId?: string }).orderId ? `channel:${channel}` : ACTOR;
}
