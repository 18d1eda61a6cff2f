import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryEventData, ServiceEventMessage, ShippingEventData } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { TrackFulfilmentHandler } from './track-fulfilment.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class TrackFulfilmentMessageController {
  constructor(
    private readonly handler: TrackFulfilmentHandler,
    private readonly catalog: OrderCatalogRepository,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('StockAllocated')
  async onStockAllocated(@Payload() m: Message<InventoryEventData<'StockAllocated'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.allocated(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }

  @EventPattern('BackorderAllocated')
  async onBackorderAllocated(@Payload() m: Message<InventoryEventData<'BackorderAllocated'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.allocated(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }

  @EventPattern('ReservationReplanned')
  async onReservationReplanned(@Payload() m: Message<InventoryEventData<'ReservationReplanned'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.replanned(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }

  @EventPattern('ShipmentPickedUp')
  async onPickedUp(@Payload() m: Message<ShippingEventData<'ShipmentPickedUp'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.pickedUp(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }

  @EventPattern('ShipmentDelivered')
  async onDelivered(@Payload() m: Message<ShippingEventData<'ShipmentDelivered'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.delivered(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }

  @EventPattern('ShipmentDelayed')
  async onDelayed(@Payload() m: Message<ShippingEventData<'ShipmentDelayed'>>, @Ctx() ctx: HandlerContext) {
    await this.handler.delayed(m.data, this.units.forMessage(ctx, 'service:shipping-service'));
  }

  /** SKUs become orderable once some warehouse has stocked them. */
  @EventPattern('StockReceived')
  async onStockReceived(@Payload() m: Message<{ sku: string }>, @Ctx() ctx: HandlerContext) {
    await this.catalog.rememberStockedSku(ctx.tx, m.data.sku);
  }

  @EventPattern('StockAdjusted')
  async onStockAdjusted(@Payload() m: Message<{ sku: string }>, @Ctx() ctx: HandlerContext) {
    await this.catalog.rememberStockedSku(ctx.tx, m.data.sku);
  }

  @EventPattern('StockRestocked')
  async onStockRestocked(@Payload() m: Message<{ sku: string }>, @Ctx() ctx: HandlerContext) {
    await this.catalog.rememberStockedSku(ctx.tx, m.data.sku);
  }
}
