import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WarehouseRegistered } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RegisterWarehouseHandler } from './register-warehouse.handler';

@Controller()
export class RegisterWarehouseMessageController {
  constructor(
    private readonly handler: RegisterWarehouseHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('WarehouseRegistered')
  async onWarehouseRegistered(@Payload() message: WarehouseRegistered, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(message, this.units.forMessage(ctx, `warehouse:${message.warehouseId}`));
  }
}
