import { StockState } from '../domain/stock.decider';
import { planBackorderFills, shipmentsByReservation, StockLocation } from '../domain/backorder-filling';
import { InventoryStreams } from './inventory-streams';

/**
 * Stock became available at these places (received, adjusted up, restocked or released): the
 * oldest queued backorders of those SKUs take it. Each filled reservation gets new shipments
 * (BackorderAllocated) and each stock stream a BackorderFilled + StockReserved per line.
 */
export async function fillBackorders(streams: InventoryStreams, places: readonly StockLocation[], now: Date): Promise<void> {
  const stocks: Record<string, StockState> = {};
  for (const sku of new Set(places.map((p) => p.sku))) stocks[sku] = await streams.stock(sku);
  for (const { reservationId, shipments } of shipmentsByReservation(planBackorderFills(stocks, places))) {
    const decided = await streams.decideReservation(reservationId, { type: 'AllocateBackorder', shipments, now });
    for (const event of decided) {
      if (event.type !== 'BackorderAllocated') continue;
      for (const shipment of event.data.shipments) {
        for (const line of shipment.lines) {
          await streams.decideStock({
            type: 'FillBackorder',
            sku: line.sku,
            warehouseId: shipment.warehouseId,
            quantity: line.quantity,
            reservationId,
            shipmentId: shipment.shipmentId,
          });
        }
      }
    }
  }
}
