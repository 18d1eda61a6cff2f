import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { CancelShipmentsHandler } from '../cancel-shipments/cancel-shipments.handler';
import { RequestShipmentHandler } from './request-shipment.handler';

type Message<T> = ServiceEventMessage<T>;

@Controller()
export class RequestShipmentMessageController {
  constructor(
    private readonly handler: RequestShipmentHandler,
    private readonly cancel: CancelShipmentsHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  @EventPattern('StockAllocated')
  async onStockAllocated(@Payload() m: Message<InventoryEventData<'StockAllocated'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }

  /**
   * The order changed (docs/adr/0034): the shipments inventory released are cancelled (unless a
   * carrier has them already) and the new plan's shipments are requested, in one transaction.
   */
  @EventPattern('ReservationReplanned')
  async onReservationReplanned(@Payload() m: Message<InventoryEventData<'ReservationReplanned'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    const uow = this.units.forMessage(ctx, 'service:inventory-service');
    const d = m.data;
    const release = {
      reservationId: d.reservationId,
      orderId: d.orderId,
      channel: d.channel,
      externalOrderId: d.externalOrderId,
      purpose: d.purpose,
      ...(d.rmaNumber !== undefined ? { rmaNumber: d.rmaNumber } : {}),
      releasedShipments: d.releasedShipments,
      withdrawnBackorders: d.withdrawnBackorders,
      reason: `the order changed (change ${d.changeId})`,
      releasedAt: d.replannedAt,
    };
    await this.cancel.handle(release, uow);
    await this.handler.handle(m.data, uow);
  }

  @EventPattern('BackorderAllocated')
  async onBackorderAllocated(@Payload() m: Message<InventoryEventData<'BackorderAllocated'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.handler.handle(m.data, this.units.forMessage(ctx, 'service:inventory-service'));
  }
}
