import { Inject, Injectable } from '@nestjs/common';
import { StreamIds } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { ReturnEvent, returnDecider } from '../domain/return.decider';
import { AFTERSALES_CONFIG, AfterSalesConfig } from '../infrastructure/aftersales.config';
import { AwaitedReturnsRepository } from '../infrastructure/awaited-returns.repository';
import { OrderViewRepository } from '../infrastructure/order-view.repository';

/**
 * A return request that waits for its delivery is decided again: when a delivery or the order's
 * confirmation arrives (in that message's transaction, for every waiting RMA of the order), and
 * when its wait runs out (the scheduled check). Authorised quantities count as returned in the
 * same transaction, so two waiting requests of the same goods are never both authorised.
 */
@Injectable()
export class DecideAwaitedReturnHandler {
  constructor(
    private readonly orders: OrderViewRepository,
    private readonly awaited: AwaitedReturnsRepository,
    @Inject(AFTERSALES_CONFIG) private readonly config: AfterSalesConfig,
  ) {}

  async forOrder(orderId: string, uow: UnitOfWork): Promise<ReturnEvent[]> {
    const decided: ReturnEvent[] = [];
    for (const rmaNumber of await this.awaited.ofOrder(uow.tx, orderId)) decided.push(...(await this.redecide(rmaNumber, uow)));
    return decided;
  }

  async redecide(rmaNumber: string, uow: UnitOfWork): Promise<ReturnEvent[]> {
    const streamId = StreamIds.return(rmaNumber);
    const loaded = await uow.load(streamId, returnDecider);
    if (loaded.state.status !== 'AWAITING_DELIVERY') {
      await this.awaited.forget(uow.tx, rmaNumber); // decided elsewhere meanwhile
      return [];
    }
    const orderId = loaded.state.orderId!;
    const order = await this.orders.returnFactsFor(uow.tx, orderId);
    const events = returnDecider.decide(
      { type: 'RedecideReturn', order, returnWindowDays: this.config.RETURN_WINDOW_DAYS, now: uow.now },
      loaded.state,
    );
    await uow.append(streamId, loaded, events);
    for (const event of events) {
      if (event.type === 'ReturnAuthorized') await this.orders.recordReturnAuthorized(uow.tx, orderId, event.data.lines);
    }
    if (events.length > 0) await this.awaited.forget(uow.tx, rmaNumber);
    return events;
  }
}
