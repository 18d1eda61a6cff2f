import { Injectable } from '@nestjs/common';
import { AftersalesEventData, InventoryEvent } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { shelveAcceptedParcels } from '../application/shelve-returns';

/**
 * After-sales' decision on a return, as inventory keeps it in its own `restock-<rma>` stream:
 * authorised quantities may come back (parcels held for it are decided now), a rejected return
 * never restocks anything.
 */
@Injectable()
export class ExpectReturnHandler {
  async authorized(authorized: AftersalesEventData<'ReturnAuthorized'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    const decided = await streams.decideRestock({
      type: 'ExpectReturn',
      rmaNumber: authorized.rmaNumber,
      orderId: authorized.orderId,
      lines: authorized.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      now: uow.now,
    });
    await shelveAcceptedParcels(streams, decided, uow.now);
    return streams.commit();
  }

  async rejected(rejected: AftersalesEventData<'ReturnRejected'>, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const streams = new InventoryStreams(uow);
    await streams.decideRestock({
      type: 'RecordReturnRejected',
      rmaNumber: rejected.rmaNumber,
      orderId: rejected.orderId,
      reason: rejected.reason,
      now: uow.now,
    });
    return streams.commit();
  }
}
