import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { RequestShipmentHandler } from './request-shipment.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class RequestShipmentMessageController {
  constructor(
    private readonly handler: RequestShipmentHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('StockAllocated')
  async onStockAllocated(@Payload() m: Message<InventoryEventData<'StockAllocated'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }

  @EventPattern('BackorderAllocated')
  async onBackorderAllocated(@Payload() m: Message<InventoryEventData<'BackorderAllocated'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }
}
