import { assertNever } from '@orderflow/decider';
import { ReservationEvent, ReservationState, shipmentOf } from './reservation.decider';
import { StockCommand } from './stock.decider';

/**
 * What a reservation event asks of the stock streams of its SKUs: one command per line, in the
 * order they are to be decided. `reservation` is the reservation as the event left it (a shipment
 * that ships is named by id only; its lines are the reservation's). `placedAt` is where an
 * allocation's backorders queue, the order's place in line, which the event does not carry.
 */
export function stockCommandsFor(event: ReservationEvent, reservation: ReservationState, placedAt?: string): StockCommand[] {
  const { reservationId, orderId } = event.data;
  const commands: StockCommand[] = [];
  switch (event.type) {
    case 'StockAllocated':
      for (const shipment of event.data.shipments) {
        for (const { sku, quantity } of shipment.lines) {
          commands.push({ type: 'ReserveStock', sku, warehouseId: shipment.warehouseId, quantity, reservationId, orderId, shipmentId: shipment.shipmentId });
        }
      }
      if (event.data.backordered.length > 0 && placedAt === undefined) {
        throw new Error(`allocation of reservation ${reservationId} has backorders but no queue position (placedAt)`);
      }
      for (const { sku, quantity } of event.data.backordered) {
        commands.push({ type: 'QueueBackorder', sku, quantity, reservationId, orderId, placedAt: placedAt! });
      }
      return commands;
    case 'BackorderAllocated':
      for (const shipment of event.data.shipments) {
        for (const { sku, quantity } of shipment.lines) {
          commands.push({ type: 'FillBackorder', sku, warehouseId: shipment.warehouseId, quantity, reservationId, shipmentId: shipment.shipmentId });
        }
      }
      return commands;
    case 'ReservationReleased':
      // Released shipments keep their stock held until shipping confirms them cancelled (docs/adr/0013).
      for (const { sku } of event.data.withdrawnBackorders) commands.push({ type: 'WithdrawBackorder', sku, reservationId });
      return commands;
    case 'ReservationReplanned':
      // Released shipments keep their stock held until shipping confirms them cancelled, as on a cancellation.
      for (const { sku } of event.data.withdrawnBackorders) commands.push({ type: 'WithdrawBackorder', sku, reservationId });
      for (const shipment of event.data.shipments) {
        for (const { sku, quantity } of shipment.lines) {
          commands.push({ type: 'ReserveStock', sku, warehouseId: shipment.warehouseId, quantity, reservationId, orderId, shipmentId: shipment.shipmentId });
        }
      }
      if (event.data.backordered.length > 0 && placedAt === undefined) {
        throw new Error(`replan of reservation ${reservationId} has backorders but no queue position (placedAt)`);
      }
      for (const { sku, quantity } of event.data.backordered) {
        commands.push({ type: 'QueueBackorder', sku, quantity, reservationId, orderId, placedAt: placedAt! });
      }
      return commands;
    case 'ReservationShipped': {
      const { shipmentId, warehouseId, lines } = shipmentOf(reservation, event.data.shipmentId);
      for (const { sku, quantity } of lines) {
        commands.push({ type: 'ShipStock', sku, warehouseId, quantity, reservationId, orderId, shipmentId });
      }
      return commands;
    }
    case 'ReservationShipmentReturned': {
      const { shipmentId, warehouseId } = event.data;
      for (const { sku, quantity } of event.data.lines) commands.push({ type: 'RestockReturn', sku, warehouseId, quantity, shipmentId });
      return commands;
    }
    // Held for production (docs/adr/0039): nothing is reserved until the whole order is allocated.
    case 'ReservationHeldForProduction':
    case 'ReservationProductionCompleted':
      return commands;
    default:
      return assertNever(event);
  }
}
