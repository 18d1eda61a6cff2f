import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ComplaintSubmitted } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { FileComplaintHandler } from './file-complaint.handler';

@Controller()
export class FileComplaintMessageController {
  constructor(
    private readonly handler: FileComplaintHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ComplaintSubmitted')
  async onComplaintSubmitted(@Payload() message: ComplaintSubmitted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `channel:${message.channel}`));
  }
}
