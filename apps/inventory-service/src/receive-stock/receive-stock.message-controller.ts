import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StockAdjusted, StockReceived } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { ReceiveStockHandler } from './receive-stock.handler';

@Controller()
export class ReceiveStockMessageController {
  constructor(
    private readonly handler: ReceiveStockHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('StockReceived')
  async onStockReceived(@Payload() message: StockReceived, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.received(message, this.units.forMessage(ctx, `warehouse:${message.warehouseId}`));
  }

  @EventPattern('StockAdjusted')
  async onStockAdjusted(@Payload() message: StockAdjusted, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.adjusted(message, this.units.forMessage(ctx, `warehouse:${message.warehouseId}`));
  }
}
