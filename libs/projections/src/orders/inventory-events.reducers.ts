import { InventoryEvent, InventoryEventData } from '@orderflow/contracts';
import { OrderDocument } from './order-document';
import { DocumentReducers, seedShipment, shipmentView, unchanged } from './reducer-parts';

/**
 * Inventory's events: allocations name shipments (and exchange replacements) before the order
 * hears of them. Stock movements and what inventory restocks of returns change nothing here: they
 * are on the timeline, and in the inventory projection.
 */
export const inventoryEventReducers: DocumentReducers<InventoryEvent> = {
  StockAllocated: recordShipmentsAllocated,
  BackorderAllocated: recordShipmentsAllocated,
  ReservationReleased(doc, d) {
    for (const id of d.releasedShipments) shipmentView(doc, id, d.purpose, d.rmaNumber).released = true;
  },
  /** An order change: the shipments not picked up are released, the new plan's are the order's now. */
  ReservationReplanned(doc, d) {
    for (const id of d.releasedShipments) shipmentView(doc, id, d.purpose, d.rmaNumber).released = true;
    recordShipmentsAllocated(doc, { ...d, allocatedAt: d.replannedAt });
  },
  ReservationShipped: unchanged,
  StockReserved: unchanged,
  StockReservationReleased: unchanged,
  StockShipped: unchanged,
  BackorderQueued: unchanged,
  BackorderFilled: unchanged,
  BackorderWithdrawn: unchanged,
  WarehouseRegistered: unchanged,
  StockReceived: unchanged,
  StockAdjusted: unchanged,
  StockAdjustmentRefused: unchanged,
  StockRestocked: unchanged,
  DamagedReturnRecorded: unchanged,
  StockShortfallRecorded: unchanged,
  ReservationShipmentReturned: unchanged,
  ReturnExpected: unchanged,
  ReturnNotAuthorized: unchanged,
  ReturnParcelHeld: unchanged,
  ReturnParcelAccepted: unchanged,
  ReturnParcelRefused: unchanged,
};

function recordShipmentsAllocated(
  doc: OrderDocument,
  d: Pick<InventoryEventData<'StockAllocated'>, 'shipments' | 'purpose' | 'rmaNumber' | 'allocatedAt' | 'promisedBy'>,
): void {
  for (const a of d.shipments) {
    const s = shipmentView(doc, a.shipmentId, d.purpose, d.rmaNumber);
    seedShipment(s, a, d.allocatedAt);
    s.promisedBy ??= d.promisedBy;
  }
}
