import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProductionCompleted, ProductionFailed, ProductionStarted } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RecordProductionHandler } from './record-production.handler';

/** production.events: the factory's answers (docs/adr/0039). */
@Controller()
export class RecordProductionMessageController {
  constructor(
    private readonly handler: RecordProductionHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ProductionStarted')
  async onStarted(@Payload() message: ProductionStarted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.started(message, this.units.forMessage(ctx, 'factory'));
  }

  @EventPattern('ProductionCompleted')
  async onCompleted(@Payload() message: ProductionCompleted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.completed(message, this.units.forMessage(ctx, 'factory'));
  }

  @EventPattern('ProductionFailed')
  async onFailed(@Payload() message: ProductionFailed, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.failed(message, this.units.forMessage(ctx, 'factory'));
  }
}
