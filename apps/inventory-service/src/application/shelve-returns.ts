import { RestockEvent } from '../domain/restock.decider';
import { StockLocation } from '../domain/backorder-filling';
import { fillBackorders } from './fill-backorders';
import { InventoryStreams } from './inventory-streams';

/**
 * The accepted lines of return parcels reach the shelf: resellable ones are restocked (and go to
 * waiting backorders first), damaged ones are only recorded. Refused and held lines change no stock.
 */
export async function shelveAcceptedParcels(streams: InventoryStreams, decided: readonly RestockEvent[], now: Date): Promise<void> {
  const restocked: StockLocation[] = [];
  for (const event of decided) {
    if (event.type !== 'ReturnParcelAccepted') continue;
    const { rmaNumber, warehouseId } = event.data;
    for (const { sku, quantity, condition } of event.data.lines) {
      if (condition === 'RESELLABLE') {
        await streams.decideStock({ type: 'RestockReturn', sku, warehouseId, quantity, rmaNumber });
        restocked.push({ sku, warehouseId });
      } else {
        await streams.decideStock({ type: 'RecordDamagedReturn', sku, warehouseId, quantity, rmaNumber });
      }
    }
  }
  await fillBackorders(streams, restocked, now);
}
