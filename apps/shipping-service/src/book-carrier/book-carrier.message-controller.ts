import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ShipmentPacked } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { BookCarrierHandler } from './book-carrier.handler';

@Controller()
export class BookCarrierMessageController {
  constructor(
    private readonly handler: BookCarrierHandler,
    private readonly units: UnitOfWorkFactory,
  ) {}

  /**
   * ShipmentPacked names no warehouse. Sent through the ingest gateway by a key of one warehouse,
   * it carries that warehouse (the `sender` header, ADR 18), which must be the shipment's; the actor
   * is then that warehouse, else the warehouse side as a whole.
   */
  @EventPattern('ShipmentPacked')
  async onShipmentPacked(@Payload() message: ShipmentPacked, @Ctx() ctx: HandlerContext): Promise<void> {
    const packedBy = senderWarehouse(ctx.message.headers.sender);
    await this.handler.handle(message, this.units.forMessage(ctx, packedBy ? `warehouse:${packedBy}` : 'warehouse'), packedBy);
  }
}

/** `warehouse:WH-BER` → WH-BER; a `*` key, another sender or no header: undefined. */
function senderWarehouse(sender: string | undefined): string | undefined {
  const match = sender ? /^warehouse:(.+)$/.exec(sender) : null;
  return match && match[1] !== '*' ? match[1] : undefined;
}
