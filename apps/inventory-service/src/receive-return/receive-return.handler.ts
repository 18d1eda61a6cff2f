import { Injectable } from '@nestjs/common';
import { InventoryEvent, ReturnParcelReceived } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { shelveAcceptedParcels } from '../application/shelve-returns';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/**
 * A warehouse received a return parcel. Only what after-sales authorised for the RMA goes back on
 * the shelf, each line once; a parcel for an RMA inventory has not heard authorised is held until
 * it does (see docs/adr/0013).
 */
@Injectable()
export class ReceiveReturnHandler {
  constructor(private readonly warehouses: WarehouseDirectory) {}

  async handle(parcel: ReturnParcelReceived, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const { warehouseId, rmaNumber } = parcel;
    if (!(await this.warehouses.find(uow.tx, warehouseId))) {
      throw new DomainError('unknown-warehouse', `warehouse ${warehouseId} has not been registered`);
    }
    const streams = new InventoryStreams(uow);
    const decided = await streams.decideRestock({
      type: 'ReceiveParcel',
      rmaNumber,
      parcelId: parcel.messageId,
      warehouseId,
      lines: parcel.lines,
      now: uow.now,
    });
    await shelveAcceptedParcels(streams, decided, uow.now);
    return streams.commit();
  }
}
