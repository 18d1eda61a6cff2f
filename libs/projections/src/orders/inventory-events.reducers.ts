import { InventoryEvent, InventoryEventData } from '@orderflow/contracts';
import { LineProductionView, OrderDocument } from './order-document';
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
  LowStockAlerted: unchanged,
  LowStockCleared: unchanged,
  // Made-to-order production (docs/adr/0039): the line's production order, as inventory records it.
  ReservationHeldForProduction: unchanged,
  ReservationProductionCompleted: unchanged,
  ProductionOrdered(doc, d) {
    const line = lineOf(doc, d.sku);
    if (!line || line.production?.productionOrderId === d.productionOrderId) return;
    line.production = {
      productionOrderId: d.productionOrderId,
      status: 'REQUESTED',
      warehouseId: d.warehouseId,
      dueDate: d.dueDate,
      slipped: false,
      requestedAt: d.orderedAt,
      startedAt: null,
      completedAt: null,
      failedAt: null,
      failureReason: null,
      cancelledAt: null,
    };
  },
  ProductionStarted(doc, d) {
    const p = productionOf(doc, d.sku, d.productionOrderId);
    if (!p) return;
    p.startedAt ??= d.startedAt;
    if (p.status === 'REQUESTED') p.status = 'STARTED';
  },
  ProductionCompleted(doc, d) {
    const p = productionOf(doc, d.sku, d.productionOrderId);
    if (!p) return;
    p.completedAt ??= d.completedAt;
    if (p.status !== 'CANCELLED') p.status = 'COMPLETED';
  },
  ProductionFailed(doc, d) {
    const p = productionOf(doc, d.sku, d.productionOrderId);
    if (!p) return;
    p.failedAt ??= d.failedAt;
    p.failureReason ??= d.reason;
    if (p.status !== 'CANCELLED') p.status = 'FAILED';
  },
  ProductionSlipped(doc, d) {
    const p = productionOf(doc, d.sku, d.productionOrderId);
    if (p) p.slipped = true;
  },
  ProductionOrderCancelled(doc, d) {
    const p = productionOf(doc, d.sku, d.productionOrderId);
    if (!p) return;
    p.cancelledAt ??= d.cancelledAt;
    p.status = 'CANCELLED';
  },
};

/** The order's line of a SKU (made-to-order SKUs appear on one line only). */
const lineOf = (doc: OrderDocument, sku: string) => doc.lines.find((l) => l.sku === sku);

function productionOf(doc: OrderDocument, sku: string, productionOrderId: string): LineProductionView | undefined {
  const production = lineOf(doc, sku)?.production;
  return production?.productionOrderId === productionOrderId ? production : undefined;
}

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
