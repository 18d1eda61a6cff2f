import { Injectable } from '@nestjs/common';
import { InventoryEvent, StockAdjusted, StockReceived } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { fillBackorders } from '../application/fill-backorders';
import { InventoryStreams } from '../application/inventory-streams';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/** Goods arriving at (or counted again in) a warehouse; what arrives fills waiting backorders first. */
@Injectable()
export class ReceiveStockHandler {
  constructor(private readonly warehouses: WarehouseDirectory) {}

  async received(message: StockReceived, uow: UnitOfWork): Promise<InventoryEvent[]> {
    await this.requireRegistered(message.warehouseId, uow);
    const streams = new InventoryStreams(uow);
    const { sku, warehouseId, quantity } = message;
    await streams.decideStock({ type: 'ReceiveStock', sku, warehouseId, quantity });
    await fillBackorders(streams, [{ sku, warehouseId }], uow.now);
    return streams.commit();
  }

  async adjusted(message: StockAdjusted, uow: UnitOfWork): Promise<InventoryEvent[]> {
    await this.requireRegistered(message.warehouseId, uow);
    const streams = new InventoryStreams(uow);
    const { sku, warehouseId, quantityDelta, reason } = message;
    const [outcome] = await streams.decideStock({ type: 'AdjustStock', sku, warehouseId, quantityDelta, reason });
    if (outcome.type === 'StockAdjusted' && quantityDelta > 0) await fillBackorders(streams, [{ sku, warehouseId }], uow.now);
    return streams.commit();
  }

  private async requireRegistered(warehouseId: string, uow: UnitOfWork): Promise<void> {
    if (!(await this.warehouses.find(uow.tx, warehouseId))) {
      throw new DomainError('unknown-warehouse', `warehouse ${warehouseId} has not been registered`);
    }
  }
}
