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

/**
 * How a channel's orders are paid (docs/adr/0031): prepaid at the channel's checkout; authorised at
 * confirmation and captured per shipment at pick-up; or invoiced, with no payment step.
 */
export const PAYMENT_MODES = ['prepaid', 'authorize-capture', 'invoice'] as const;
export const PaymentMode = z.enum(PAYMENT_MODES);
export type PaymentMode = z.infer<typeof PaymentMode>;

/** Why money goes back: a return's received lines, goodwill on a complaint, a cancelled paid order, or a change that lowered the total. */
export const RefundReason = z.enum(['RETURN', 'GOODWILL', 'CANCELLATION', 'ORDER_CHANGE']);
export type RefundReason = z.infer<typeof RefundReason>;

/** The providerReference of an invoice order's OrderRefundSettled: a credit against the invoice, no money moved. */
export const INVOICE_CREDIT_REFERENCE = 'invoice-credit';

const payment = { paymentId: z.string().min(1), amountMinor: minorUnits, currency };

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

/**
 * An allocation made again after an order change (docs/adr/0034): the shipments it replaces are no
 * longer the order's (shipping cancels them); `shipments` are the new ones.
 */
const replanned = {
  changeId: z.string().min(1).optional(),
  replacedShipments: z.array(z.string()).optional(),
};

export const OrderEventSchemas = {
  /** The order as received, before any decision. */
  OrderPlaced: z.object({ ...orderDocument, requestedDeliveryDate: isoDate.optional(), status: z.literal('PLACED') }),
  /** Accepted: inventory allocates from here. Carries what downstream services need to act alone. */
  OrderConfirmed: z.object({
    ...orderDocument,
    confirmedAt: isoDateTime,
    estimatedDeliveryDate: isoDate,
    /** Absent on orders confirmed before payments existed: read as prepaid. */
    paymentMode: PaymentMode.optional(),
    /** The version of the channel's stream whose settings judged the order (docs/adr/0032); absent before reference data were events. */
    channelSettingsVersion: z.number().int().positive().optional(),
    status: z.literal('CONFIRMED'),
  }),
  OrderRejected: z.object({ ...OrderRef, orderNumber: z.string(), reasons: z.array(z.string()).min(1), rejectedAt: isoDateTime, status: z.literal('REJECTED') }),
  /** Everything is allocated (first time, when the last backorder was filled, or again after a change). */
  OrderAllocated: z.object({ ...OrderRef, shipments: z.array(ShipmentAllocation), ...replanned, allocatedAt: isoDateTime, status: OrderStatus }),
  /** Some quantity waits for stock: the order entered BACKORDERED. */
  OrderBackordered: z.object({
    ...OrderRef,
    shipments: z.array(ShipmentAllocation),
    ...replanned,
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
  OrderCancelled: z.object({
    ...OrderRef,
    reason: z.string(),
    /**
     * Made-to-order lines whose production had started, on products that charge for a cancellation
     * after start (docs/adr/0039): what the buyer still pays; the rest is refunded.
     */
    charges: z.array(z.object({ sku: z.string().min(1), productionOrderId: z.string().min(1), amountMinor: minorUnits })).optional(),
    cancelledAt: isoDateTime,
    status: z.literal('CANCELLED'),
  }),
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
  /**
   * Payments (docs/adr/0031). Each *Requested event is published as it is on order.events and, as
   * a request to the payment provider, on payment.requests; the provider's answer on
   * payment.events becomes the matching fact here. The order's payments are its own stream's
   * history, so the refund cap (never more than was captured) is checked where it is decided.
   */
  /** authorize-capture: the order's total is to be authorised by `authorizeBy`, or the order is cancelled. */
  OrderPaymentAuthorizationRequested: z.object({
    ...OrderRef,
    ...payment,
    authorizeBy: isoDateTime,
    /** Set when what is asked is the difference an order change adds (docs/adr/0034). */
    changeId: z.string().min(1).optional(),
    requestedAt: isoDateTime,
  }),
  /** The provider (or the channel's checkout) authorised the amount: inventory may allocate now. */
  OrderPaymentAuthorized: z.object({
    ...OrderRef,
    ...payment,
    providerReference: z.string(),
    /** CHANNEL: reported by the channel for a payment taken at its own checkout. */
    source: z.enum(['PROVIDER', 'CHANNEL']),
    authorizedAt: isoDateTime,
  }),
  /** Refused by the provider, or unanswered by `authorizeBy` (TIMEOUT); the order is cancelled with it. */
  OrderPaymentAuthorizationFailed: z.object({
    ...OrderRef,
    ...payment,
    providerReference: z.string().optional(),
    reason: z.string(),
    cause: z.enum(['DECLINED', 'TIMEOUT']),
    failedAt: isoDateTime,
  }),
  /** A shipment was picked up: what its lines are worth is to be captured. */
  OrderPaymentCaptureRequested: z.object({ ...OrderRef, ...payment, shipmentId: z.string(), requestedAt: isoDateTime }),
  /**
   * Money taken: a shipment's capture (shipmentId), or the whole order at a prepaid channel's
   * checkout (no shipmentId; CHANNEL), as the channel said when the order was confirmed or reported later.
   */
  OrderPaymentCaptured: z.object({
    ...OrderRef,
    ...payment,
    shipmentId: z.string().optional(),
    providerReference: z.string(),
    source: z.enum(['PROVIDER', 'CHANNEL']),
    capturedAt: isoDateTime,
  }),
  /**
   * The channel reported the payment its checkout took for a prepaid order: the checkout payment
   * recorded at confirmation is from now on known by the channel's own paymentId. No money moves.
   */
  OrderCheckoutPaymentIdentified: z.object({
    ...OrderRef,
    ...payment,
    /** The id the checkout payment was recorded under at confirmation. */
    replacesPaymentId: z.string(),
    providerReference: z.string(),
    identifiedAt: isoDateTime,
  }),
  OrderPaymentCaptureFailed: z.object({
    ...OrderRef,
    ...payment,
    shipmentId: z.string(),
    providerReference: z.string().optional(),
    reason: z.string(),
    failedAt: isoDateTime,
  }),
  /**
   * Money to go back, within what was captured and not refunded yet, requested from the provider.
   * An invoice order's refund is no request: it is credited against the invoice, OrderRefundSettled at once.
   */
  OrderRefundRequested: z.object({
    ...OrderRef,
    ...payment,
    refundId: z.string(),
    reason: RefundReason,
    rmaNumber: z.string().optional(),
    complaintId: z.string().optional(),
    /** What after-sales decided, when the cap took part of it (amountMinor is what is asked). */
    decidedMinor: minorUnits.optional(),
    requestedAt: isoDateTime,
  }),
  OrderRefundSettled: z.object({
    ...OrderRef,
    ...payment,
    refundId: z.string(),
    reason: RefundReason,
    rmaNumber: z.string().optional(),
    complaintId: z.string().optional(),
    providerReference: z.string(),
    settledAt: isoDateTime,
  }),
  /** The provider refused the refund, or nothing captured was left to refund. */
  OrderRefundFailed: z.object({
    ...OrderRef,
    ...payment,
    refundId: z.string(),
    providerReference: z.string().optional(),
    reason: z.string(),
    failedAt: isoDateTime,
  }),
  /**
   * Order changes (docs/adr/0034). A change that raises an authorize-capture order's total waits
   * for the difference to be authorised (OrderChangeAwaitingPayment, with the request beside it);
   * every other accepted change is OrderChanged at once. OrderChanged carries the order as it now
   * is: inventory releases what has not left and allocates it again, shipping cancels and plans.
   */
  OrderChangeAwaitingPayment: z.object({
    ...OrderRef,
    changeId: z.string().min(1),
    shippingAddress: Address,
    lines: z.array(PricedLine).min(1),
    totalMinor: minorUnits,
    /** The authorisation of the difference the change waits for. */
    paymentId: z.string().min(1),
    awaitingSince: isoDateTime,
  }),
  OrderChanged: z.object({
    ...OrderRef,
    changeId: z.string().min(1),
    shippingAddress: Address,
    lines: z.array(PricedLine).min(1),
    currency,
    totalMinor: minorUnits,
    previousTotalMinor: minorUnits,
    /** What the change touched: a new address, and the SKUs whose quantity changed, were removed or added. */
    changed: z.object({ shippingAddress: z.boolean(), skus: z.array(z.string()) }),
    /**
     * The order's shipments not picked up when the change was decided: inventory releases them and
     * allocates again; the OrderAllocated or OrderBackordered with this changeId says which it replaced.
     */
    replannedShipments: z.array(z.string()),
    reason: z.string().optional(),
    changedAt: isoDateTime,
  }),
  OrderChangeRejected: z.object({
    ...OrderRef,
    changeId: z.string().min(1),
    reason: z.string(),
    /** The shipment that already left, when that is why. */
    shipmentId: z.string().optional(),
    rejectedAt: isoDateTime,
  }),
  /**
   * A carrier picked up a shipment the order's change had released (the pick-up was on its way
   * while the change was): its goods left as planned before the change. An operator sorts it out.
   */
  OrderShippedAfterChange: z.object({
    ...OrderRef,
    shipmentId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    lines: z.array(SkuQuantity),
    dispatchedAt: isoDateTime,
  }),
  /**
   * Production of a made-to-order line (docs/adr/0039), as inventory reports it: the channel is
   * told when it starts, when it is made, and when its due date passed unmade. A failure cancels
   * the order (OrderCancelled follows, with a full refund).
   */
  OrderProductionStarted: z.object({ ...OrderRef, productionOrderId: z.string().min(1), sku: z.string().min(1), startedAt: isoDateTime }),
  OrderProductionCompleted: z.object({
    ...OrderRef,
    productionOrderId: z.string().min(1),
    sku: z.string().min(1),
    quantity: z.number().int().positive(),
    completedAt: isoDateTime,
  }),
  OrderProductionDelayed: z.object({
    ...OrderRef,
    productionOrderId: z.string().min(1),
    sku: z.string().min(1),
    dueDate: isoDate,
    /** The delivery date the order was confirmed with, which production no longer keeps. */
    promisedBy: isoDate,
    delayedAt: isoDateTime,
  }),
  OrderProductionFailed: z.object({ ...OrderRef, productionOrderId: z.string().min(1), sku: z.string().min(1), reason: z.string(), failedAt: isoDateTime }),
  /** Confirmed although line prices differ from the catalogue's, on a channel whose priceCheck is `flag`. */
  OrderPriceFlagged: z.object({ ...OrderRef, flags: z.array(z.string()).min(1), flaggedAt: isoDateTime }),
} as const;

export type OrderEventType = keyof typeof OrderEventSchemas;
export type OrderEventData<T extends OrderEventType> = z.infer<(typeof OrderEventSchemas)[T]>;
export type OrderEvent = { [T in OrderEventType]: { type: T; data: OrderEventData<T> } }[OrderEventType];
