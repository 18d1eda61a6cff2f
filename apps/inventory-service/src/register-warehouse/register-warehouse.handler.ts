import { Injectable } from '@nestjs/common';
import { InventoryEvent, StreamIds, WarehouseRegistered } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { warehouseDecider } from '../domain/warehouse.decider';
import { WarehouseDirectory } from '../infrastructure/warehouse-directory';

/** A warehouse announces itself; allocation learns where it is from the local view kept here. */
@Injectable()
export class RegisterWarehouseHandler {
  constructor(private readonly warehouses: WarehouseDirectory) {}

  async handle(message: WarehouseRegistered, uow: UnitOfWork): Promise<InventoryEvent[]> {
    const { warehouseId, name, country, region, location } = message;
    const details = { warehouseId, name, country, region, ...(location ? { location } : {}) };
    const { events } = await uow.execute(StreamIds.warehouse(message.warehouseId), warehouseDecider, {
      type: 'RegisterWarehouse',
      details,
      now: uow.now,
    });
    await this.warehouses.remember(uow.tx, details);
    return events;
  }
}
