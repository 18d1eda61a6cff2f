import { Injectable } from '@nestjs/common';
import { InventoryEvent, ReturnParcelReceived } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { StockLocation } from '../domain/backorder-filling';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/** Returned goods: resellable items go back on the shelf (and to waiting backorders), damaged ones are only recorded. */
@Injectable()
export class ReceiveReturnHandler {
  constructor(private readonly warehouses: WarehouseDirectory) {}

  async handle(parcel: ReturnParcelReceived, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const { warehouseId, rmaNumber } = parcel;
    if (!(await this.warehouses.find(uow.tx, warehouseId))) {
      throw new DomainError('unknown-warehouse', `warehouse ${warehouseId} has not been registered`);
    }
    const streams = new InventoryStreams(uow);
    const restocked: StockLocation[] = [];
    for (const { sku, quantity, condition } of parcel.lines) {
      if (condition === 'RESELLABLE') {
        await streams.decideStock({ type: 'RestockReturn', sku, warehouseId, quantity, rmaNumber });
        restocked.push({ sku, warehouseId });
      } else {
        await streams.decideStock({ type: 'RecordDamagedReturn', sku, warehouseId, quantity, rmaNumber });
      }
    }
    await fillBackorders(streams, restocked, uow.now);
    return streams.commit();
  }
}
