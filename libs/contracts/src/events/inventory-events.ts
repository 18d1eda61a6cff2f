import { z } from 'zod';
import { Address, AllocationDecision, isoDate, isoDateTime, LineOptions, OrderRef, Purpose, quantity, ShipmentAllocation, SkuQuantity } from './common';
import { country, geoLocation } from '../envelope';

/**
 * Events of the inventory service: `warehouse-<id>`, `stock-<sku>` (every warehouse's levels of
 * one SKU and its backorder queue), `reservation-<reservationId>` (what one order, or one
 * exchange, holds), `restock-<rmaNumber>` (what inventory may put back on the shelf for one
 * return, as after-sales authorised it) and `stockalert-<sku>@<warehouseId>` (low-stock alerts of one
 * SKU at one warehouse). Published on `inventory.events`; the alerts on `inventory.alerts` too.
 *
 * Levels per SKU and warehouse follow from the stock events alone:
 *   onHand    = received + adjustments + restocked − shipped
 *   reserved  = reserved − released − shipped (its reservedQuantity)
 *   available = onHand − reserved   (negative only after a StockShortfallRecorded says by how much)
 */
const stockAtWarehouse = { sku: z.string().min(1), warehouseId: z.string().min(1) };
const reservationRef = {
  reservationId: z.string().min(1),
  ...OrderRef,
  purpose: Purpose,
  /** Set when purpose is EXCHANGE. */
  rmaNumber: z.string().optional(),
};
/** A line of a return parcel as the warehouse reported it. */
const ReturnedLine = z.object({ sku: z.string().min(1), quantity, condition: z.enum(['RESELLABLE', 'DAMAGED']) });
/** What a low-stock alert says of a SKU's stock and demand at a warehouse. */
const stockCover = {
  onHand: z.number().int(),
  available: z.number().int(),
  forecastDailyUnits: z.number().nonnegative(),
  leadTimeDays: z.number().int().positive(),
};
const DemandModel = z.enum(['none', 'mean', 'holt', 'holt-winters']);
/** The production order an event is about, and its order. */
const production = { productionOrderId: z.string().min(1), ...OrderRef, sku: z.string().min(1) };
/** What a shipment needs to be booked without asking anyone. */
const shippingTerms = { shipTo: Address, promisedBy: isoDate };

export const InventoryEventSchemas = {
  WarehouseRegistered: z.object({
    warehouseId: z.string().min(1),
    name: z.string(),
    country,
    region: z.string(),
    location: geoLocation.optional(),
    registeredAt: isoDateTime,
  }),
  /** Goods arrived: from a warehouse's receipt, or made by the factory for a production order (productionOrderId). */
  StockReceived: z.object({ ...stockAtWarehouse, quantity, productionOrderId: z.string().optional() }),
  StockAdjusted: z.object({ ...stockAtWarehouse, quantityDelta: z.number().int(), reason: z.string() }),
  /** An adjustment that would push on-hand below what is reserved; nothing changed. */
  StockAdjustmentRefused: z.object({
    ...stockAtWarehouse,
    quantityDelta: z.number().int(),
    reason: z.string(),
    refusal: z.string(),
  }),
  StockReserved: z.object({ ...stockAtWarehouse, quantity, reservationId: z.string(), orderId: z.uuid(), shipmentId: z.string() }),
  StockReservationReleased: z.object({
    ...stockAtWarehouse,
    quantity,
    reservationId: z.string(),
    orderId: z.uuid(),
    shipmentId: z.string(),
    reason: z.string(),
  }),
  /** Picked up: on hand and reserved fall together. */
  StockShipped: z.object({
    ...stockAtWarehouse,
    quantity,
    /** Normally equal to quantity; 0 when the reservation had been released before the carrier came. */
    reservedQuantity: z.number().int().nonnegative(),
    reservationId: z.string(),
    orderId: z.uuid(),
    shipmentId: z.string(),
  }),
  /**
   * Goods back on the shelf: the resellable items of an authorised return (rmaNumber), or a parcel
   * the carrier brought back to the warehouse (shipmentId). Exactly one of the two is set.
   */
  StockRestocked: z.object({ ...stockAtWarehouse, quantity, rmaNumber: z.string().optional(), shipmentId: z.string().optional() }),
  /** A damaged returned item: recorded, never available. */
  DamagedReturnRecorded: z.object({ ...stockAtWarehouse, quantity, rmaNumber: z.string() }),
  BackorderQueued: z.object({
    sku: z.string().min(1),
    quantity,
    reservationId: z.string(),
    orderId: z.uuid(),
    /** Queue order: oldest first. */
    placedAt: isoDateTime,
  }),
  BackorderFilled: z.object({
    ...stockAtWarehouse,
    quantity,
    reservationId: z.string(),
    orderId: z.uuid(),
    shipmentId: z.string(),
  }),
  BackorderWithdrawn: z.object({ sku: z.string().min(1), quantity, reservationId: z.string(), orderId: z.uuid() }),
  /**
   * A carrier took goods whose reservation had been released (the order was cancelled first):
   * they left, so on hand fell, but what was released had already been promised to other
   * reservations, which now lack this many units. Available stays this far below zero until
   * stock arrives; an operator case about the shipment is opened by after-sales.
   */
  StockShortfallRecorded: z.object({
    ...stockAtWarehouse,
    quantity,
    reservationId: z.string(),
    orderId: z.uuid(),
    shipmentId: z.string(),
  }),

  /** The first allocation of an order (or exchange): shipments per warehouse, plus what waits. */
  StockAllocated: z.object({
    ...reservationRef,
    /**
     * Set when purpose is ORDER: shipment ids are `<orderNumber>-<n>`, so a reservation that starts
     * fully backordered can still name the shipments its later fills become.
     */
    orderNumber: z.string().min(1).optional(),
    ...shippingTerms,
    shipments: z.array(ShipmentAllocation),
    backordered: z.array(SkuQuantity),
    /** Why these warehouses (docs/adr/0037); absent on allocations recorded before it. */
    decision: AllocationDecision.optional(),
    allocatedAt: isoDateTime,
  }),
  /** Stock arrived for a waiting reservation: new shipments, and what still waits. */
  BackorderAllocated: z.object({
    ...reservationRef,
    ...shippingTerms,
    shipments: z.array(ShipmentAllocation).min(1),
    backordered: z.array(SkuQuantity),
    allocatedAt: isoDateTime,
  }),
  /** Cancelled: reservations of shipments not yet picked up are released, backorders withdrawn. */
  ReservationReleased: z.object({
    ...reservationRef,
    releasedShipments: z.array(z.string()),
    withdrawnBackorders: z.array(SkuQuantity),
    reason: z.string(),
    releasedAt: isoDateTime,
  }),
  /**
   * The order changed (docs/adr/0034): its shipments not picked up are released (shipping cancels
   * them; their stock stays held until it has), its backorders withdrawn, and what has not left is
   * allocated again to the address as it now is, in shipments numbered after the earlier ones.
   */
  ReservationReplanned: z.object({
    ...reservationRef,
    changeId: z.string().min(1),
    releasedShipments: z.array(z.string()),
    withdrawnBackorders: z.array(SkuQuantity),
    ...shippingTerms,
    shipments: z.array(ShipmentAllocation),
    backordered: z.array(SkuQuantity),
    decision: AllocationDecision.optional(),
    replannedAt: isoDateTime,
  }),
  /** A shipment of the reservation left the warehouse. */
  ReservationShipped: z.object({ ...reservationRef, shipmentId: z.string(), shippedAt: isoDateTime }),
  /** The carrier brought a shipped parcel back to its warehouse: its goods are restocked there, once. */
  ReservationShipmentReturned: z.object({
    ...reservationRef,
    shipmentId: z.string(),
    warehouseId: z.string(),
    lines: z.array(SkuQuantity).min(1),
    returnedAt: isoDateTime,
  }),

  /**
   * Days of cover of a SKU at a warehouse fell below the lead time (docs/adr/0036): once per
   * crossing, on `stockalert-<sku>@<warehouse>`, and published on inventory.alerts too. Cover is in
   * available units (on hand less reserved) over the forecast daily demand.
   */
  LowStockAlerted: z.object({
    ...stockAtWarehouse,
    ...stockCover,
    daysOfCover: z.number().nonnegative(),
    safetyStock: z.number().nonnegative(),
    reorderPoint: z.number().int().nonnegative(),
    suggestedQuantity: z.number().int().nonnegative(),
    serviceLevel: z.number().gt(0).lt(1),
    /** The model the forecast came from, and its one-step RMSE over the history. */
    model: DemandModel,
    forecastRmse: z.number().nonnegative(),
    alertedAt: isoDateTime,
  }),
  /** Cover is back at or above the lead time (stock arrived, or demand fell): the next fall alerts again. */
  LowStockCleared: z.object({
    ...stockAtWarehouse,
    ...stockCover,
    /** Null: no demand is forecast, so the stock lasts indefinitely. */
    daysOfCover: z.number().nonnegative().nullable(),
    clearedAt: isoDateTime,
  }),

  /**
   * The order has made-to-order lines (docs/adr/0039): nothing is allocated until the factory made
   * them all; then the whole order is allocated at once (StockAllocated). Carries what that
   * allocation needs, and the production orders it waits for.
   */
  ReservationHeldForProduction: z.object({
    ...reservationRef,
    orderNumber: z.string().min(1),
    ...shippingTerms,
    /** Every line of the order, made to order or not. */
    lines: z.array(SkuQuantity).min(1),
    /** The order's place in the backorder queues, should stock lines have to wait after production. */
    placedAt: isoDateTime,
    productionOrders: z.array(z.object({ productionOrderId: z.string().min(1), sku: z.string().min(1), quantity, warehouseId: z.string().min(1) })).min(1),
    heldAt: isoDateTime,
  }),
  /** One production order the held reservation waits for was completed; its units are at its warehouse. */
  ReservationProductionCompleted: z.object({ ...reservationRef, productionOrderId: z.string().min(1), completedAt: isoDateTime }),

  /**
   * Production orders (docs/adr/0039), one per made-to-order line. ProductionOrdered is put on
   * production.requests for the factory (ProductionRequested); its answers on production.events
   * become ProductionStarted, ProductionCompleted and ProductionFailed.
   */
  ProductionOrdered: z.object({
    ...production,
    orderNumber: z.string().min(1),
    quantity,
    options: LineOptions,
    /** The day the factory is to have made it by. */
    dueDate: isoDate,
    /** Where the factory delivers the units: the warehouse the order will ship from. */
    warehouseId: z.string().min(1),
    orderedAt: isoDateTime,
  }),
  ProductionStarted: z.object({ ...production, startedAt: isoDateTime }),
  /** Made: the units arrived at the warehouse (StockReceived beside it). */
  ProductionCompleted: z.object({ ...production, quantity, warehouseId: z.string().min(1), completedAt: isoDateTime }),
  /** The factory could not make it: the order service cancels the order. */
  ProductionFailed: z.object({ ...production, reason: z.string(), failedAt: isoDateTime }),
  /** The due date passed and the factory has not reported it made: the promised delivery date is at risk. */
  ProductionSlipped: z.object({ ...production, dueDate: isoDate, detectedAt: isoDateTime }),
  /**
   * The order was cancelled: the factory is told (ProductionCancelled on production.requests).
   * afterStart: it had started, so what it still makes arrives as unreserved stock.
   */
  ProductionOrderCancelled: z.object({ ...production, afterStart: z.boolean(), reason: z.string(), cancelledAt: isoDateTime }),

  /** After-sales authorised a return: inventory expects at most these quantities back, once each. */
  ReturnExpected: z.object({ rmaNumber: z.string().min(1), orderId: z.uuid(), lines: z.array(SkuQuantity).min(1), expectedAt: isoDateTime }),
  /** After-sales rejected the return: nothing of it will ever be restocked. */
  ReturnNotAuthorized: z.object({ rmaNumber: z.string().min(1), orderId: z.uuid(), reason: z.string(), recordedAt: isoDateTime }),
  /** A parcel arrived for an RMA inventory has not heard authorised (yet): kept aside, not restocked. */
  ReturnParcelHeld: z.object({
    rmaNumber: z.string().min(1),
    /** The messageId of the warehouse's ReturnParcelReceived. */
    parcelId: z.string(),
    warehouseId: z.string(),
    lines: z.array(ReturnedLine).min(1),
    heldAt: isoDateTime,
  }),
  /** The lines of a parcel within the authorisation: resellable ones are restocked, damaged ones recorded. */
  ReturnParcelAccepted: z.object({
    rmaNumber: z.string().min(1),
    orderId: z.uuid(),
    parcelId: z.string(),
    warehouseId: z.string(),
    lines: z.array(ReturnedLine).min(1),
    acceptedAt: isoDateTime,
  }),
  /** Lines of a parcel nothing is restocked for: beyond the authorisation, received before, or never authorised. */
  ReturnParcelRefused: z.object({
    rmaNumber: z.string().min(1),
    orderId: z.uuid().optional(),
    parcelId: z.string(),
    warehouseId: z.string(),
    lines: z.array(ReturnedLine.extend({ reason: z.string() })).min(1),
    refusedAt: isoDateTime,
  }),
} as const;

export type InventoryEventType = keyof typeof InventoryEventSchemas;
export type InventoryEventData<T extends InventoryEventType> = z.infer<(typeof InventoryEventSchemas)[T]>;
export type InventoryEvent = { [T in InventoryEventType]: { type: T; data: InventoryEventData<T> } }[InventoryEventType];
