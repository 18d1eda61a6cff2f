import { StockState } from '../domain/stock.decider';
import { planBackorderFills, shipmentsByReservation, StockLocation } from '../domain/backorder-filling';
import { stockCommandsFor } from '../domain/reservation-to-stock';
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
    const reservation = await streams.reservation(reservationId);
    for (const event of decided) {
      for (const command of stockCommandsFor(event, reservation)) await streams.decideStock(command);
    }
  }
}
