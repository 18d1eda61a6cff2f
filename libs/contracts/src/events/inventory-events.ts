import { z } from 'zod';
import { Address, isoDate, isoDateTime, OrderRef, Purpose, quantity, ShipmentAllocation, SkuQuantity } from './common';
import { country } from '../envelope';

/**
 * Events of the inventory service: `warehouse-<id>`, `stock-<sku>` (every warehouse's levels of
 * one SKU and its backorder queue) and `reservation-<reservationId>` (what one order, or one
 * exchange, holds). Published on `inventory.events`.
 *
 * Levels per SKU and warehouse follow from the stock events alone:
 *   onHand    = received + adjustments + restocked − shipped
 *   reserved  = reserved − released − shipped (its reservedQuantity)
 *   available = onHand − reserved   (never negative)
 */
const stockAtWarehouse = { sku: z.string().min(1), warehouseId: z.string().min(1) };
const reservationRef = {
  reservationId: z.string().min(1),
  ...OrderRef,
  purpose: Purpose,
  /** Set when purpose is EXCHANGE. */
  rmaNumber: z.string().optional(),
};
/** What a shipment needs to be booked without asking anyone. */
const shippingTerms = { shipTo: Address, promisedBy: isoDate };

export const InventoryEventSchemas = {
  WarehouseRegistered: z.object({
    warehouseId: z.string().min(1),
    name: z.string(),
    country,
    region: z.string(),
    registeredAt: isoDateTime,
  }),
  StockReceived: z.object({ ...stockAtWarehouse, quantity }),
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
  /** A resellable returned item back on the shelf. */
  StockRestocked: z.object({ ...stockAtWarehouse, quantity, rmaNumber: z.string() }),
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
  /** A shipment of the reservation left the warehouse. */
  ReservationShipped: z.object({ ...reservationRef, shipmentId: z.string(), shippedAt: isoDateTime }),
} as const;

export type InventoryEventType = keyof typeof InventoryEventSchemas;
export type InventoryEventData<T extends InventoryEventType> = z.infer<(typeof InventoryEventSchemas)[T]>;
export type InventoryEvent = { [T in InventoryEventType]: { type: T; data: InventoryEventData<T> } }[InventoryEventType];
