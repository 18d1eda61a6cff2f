import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { TrackProductionHandler } from './track-production.handler';

type Message<T> = ServiceEventMessage<T>;
const INVENTORY = 'service:inventory-service';

@Controller()
export class TrackProductionMessageController {
  constructor(
    private readonly handler: TrackProductionHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('ProductionStarted')
  async onStarted(@Payload() m: Message<InventoryEventData<'ProductionStarted'>>, @Ctx() ctx: HandlerContext) {
    const { orderId, productionOrderId, sku, startedAt } = m.data;
    await this.handler.handle(orderId, { outcome: 'STARTED', productionOrderId, sku, at: startedAt }, this.units.forMessage(ctx, INVENTORY));
  }

  @EventPattern('ProductionCompleted')
  async onCompleted(@Payload() m: Message<InventoryEventData<'ProductionCompleted'>>, @Ctx() ctx: HandlerContext) {
    const { orderId, productionOrderId, sku, quantity, completedAt } = m.data;
    await this.handler.handle(orderId, { outcome: 'COMPLETED', productionOrderId, sku, quantity, at: completedAt }, this.units.forMessage(ctx, INVENTORY));
  }

  @EventPattern('ProductionSlipped')
  async onSlipped(@Payload() m: Message<InventoryEventData<'ProductionSlipped'>>, @Ctx() ctx: HandlerContext) {
    const { orderId, productionOrderId, sku, dueDate, detectedAt } = m.data;
    await this.handler.handle(orderId, { outcome: 'DELAYED', productionOrderId, sku, dueDate, at: detectedAt }, this.units.forMessage(ctx, INVENTORY));
  }

  @EventPattern('ProductionFailed')
  async onFailed(@Payload() m: Message<InventoryEventData<'ProductionFailed'>>, @Ctx() ctx: HandlerContext) {
    const { orderId, productionOrderId, sku, reason, failedAt } = m.data;
    await this.handler.handle(orderId, { outcome: 'FAILED', productionOrderId, sku, reason, at: failedAt }, this.units.forMessage(ctx, INVENTORY));
  }
}
