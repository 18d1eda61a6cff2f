import { z } from 'zod';
import { Address, currency, Customer, isoDate, isoDateTime, minorUnits, OrderRef, PricedLine, ShipmentAllocation, SkuQuantity } from './common';

/**
 * Events of the order service (streams `order-<orderId>`), stored in the event store and published
 * as they are on `order.events`. Every event that changes the order's status carries the status
 * it leads to, so readers never re-derive it.
 */
export const ORDER_STATUSES = [
  'PLACED',
  'CONFIRMED',
  'REJECTED',
  'BACKORDERED',
  'ALLOCATED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

const orderDocument = {
  ...OrderRef,
  orderNumber: z.string().min(1),
  customer: Customer,
  shippingAddress: Address,
  lines: z.array(PricedLine).min(1),
  currency,
  totalMinor: minorUnits,
  placedAt: isoDateTime,
};

export const OrderEventSchemas = {
  /** The order as received, before any decision. */
  OrderPlaced: z.object({ ...orderDocument, requestedDeliveryDate: isoDate.optional(), status: z.literal('PLACED') }),
  /** Accepted: inventory allocates from here. Carries what downstream services need to act alone. */
  OrderConfirmed: z.object({
    ...orderDocument,
    confirmedAt: isoDateTime,
    estimatedDeliveryDate: isoDate,
    status: z.literal('CONFIRMED'),
  }),
  OrderRejected: z.object({ ...OrderRef, orderNumber: z.string(), reasons: z.array(z.string()).min(1), rejectedAt: isoDateTime, status: z.literal('REJECTED') }),
  /** Everything is allocated (first time, or when the last backorder was filled). */
  OrderAllocated: z.object({ ...OrderRef, shipments: z.array(ShipmentAllocation), allocatedAt: isoDateTime, status: OrderStatus }),
  /** Some quantity waits for stock: the order entered BACKORDERED. */
  OrderBackordered: z.object({
    ...OrderRef,
    shipments: z.array(ShipmentAllocation),
    backordered: z.array(SkuQuantity).min(1),
    backorderedAt: isoDateTime,
    status: OrderStatus,
  }),
  /** Stock arrived for part of a backorder; some quantity still waits. */
  OrderBackorderPartlyFilled: z.object({
    ...OrderRef,
    shipments: z.array(ShipmentAllocation).min(1),
    backordered: z.array(SkuQuantity).min(1),
    filledAt: isoDateTime,
    status: OrderStatus,
  }),
  /** A shipment was picked up by its carrier; status is SHIPPED or PARTIALLY_SHIPPED. */
  OrderShipmentDispatched: z.object({
    ...OrderRef,
    shipmentId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    lines: z.array(SkuQuantity),
    status: z.enum(['SHIPPED', 'PARTIALLY_SHIPPED']),
    dispatchedAt: isoDateTime,
  }),
  OrderShipmentDelayed: z.object({
    ...OrderRef,
    shipmentId: z.string(),
    promisedBy: isoDate,
    newEstimate: isoDate,
    delayedAt: isoDateTime,
  }),
  /** One shipment arrived; the order is DELIVERED only when all have (OrderDelivered follows). */
  OrderShipmentDelivered: z.object({
    ...OrderRef,
    shipmentId: z.string(),
    lines: z.array(SkuQuantity),
    deliveredAt: isoDateTime,
    status: OrderStatus,
  }),
  OrderDelivered: z.object({ ...OrderRef, deliveredAt: isoDateTime, status: z.literal('DELIVERED') }),
  OrderCancelled: z.object({ ...OrderRef, reason: z.string(), cancelledAt: isoDateTime, status: z.literal('CANCELLED') }),
  OrderCancellationRejected: z.object({ ...OrderRef, reason: z.string(), rejectedAt: isoDateTime }),
  /**
   * A carrier picked up a shipment after the order's cancellation had been accepted (the pick-up
   * was on its way while the cancellation was): the goods left although the order stays CANCELLED.
   * After-sales opens an operator case for it.
   */
  OrderShippedAfterCancellation: z.object({
    ...OrderRef,
    shipmentId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    lines: z.array(SkuQuantity),
    dispatchedAt: isoDateTime,
    status: z.literal('CANCELLED'),
  }),
} as const;

export type OrderEventType = keyof typeof OrderEventSchemas;
export type OrderEventData<T extends OrderEventType> = z.infer<(typeof OrderEventSchemas)[T]>;
export type OrderEvent = { [T in OrderEventType]: { type: T; data: OrderEventData<T> } }[OrderEventType];
