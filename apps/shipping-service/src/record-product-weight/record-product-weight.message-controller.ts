import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrderReferenceEventData, ServiceEventMessage } from '@orderflow/contracts';
import { HandlerContext } from '@orderflow/messaging';
import { ProductWeights } from '../infrastructure/product-weights';

/** The catalogue's products, from order.events: shipping keeps each one's weight (docs/adr/0032). */
@Controller()
export class RecordProductWeightMessageController {
  constructor(private readonly weights: ProductWeights) {}

  @EventPattern('ProductRegistered')
  async onProductRegistered(@Payload() m: ServiceEventMessage<OrderReferenceEventData<'ProductRegistered'>>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.weights.record(ctx.tx, m.data.sku, m.data.weightGrams, m.streamVersion);
  }
}
