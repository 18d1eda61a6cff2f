import { z } from 'zod';
import { ORDER_STATUSES, PAYMENT_MODES, SHIPMENT_STATUSES } from '@orderflow/contracts';

/*
 * The order as GET /orders/{orderId} shows it, written once as a schema: the types the reducer
 * fills are inferred from it, and the query API's OpenAPI document is generated from it.
 */

const text = (description?: string) => (description ? z.string().describe(description) : z.string());
const count = (description?: string) => (description ? z.number().int().describe(description) : z.number().int());
const instant = (description?: string) => z.iso.datetime({ offset: true }).describe(description ?? 'ISO-8601 date-time');
const day = (description?: string) => z.iso.date().describe(description ?? 'ISO-8601 date');

/** A personal field: stored sealed with its customer's key (docs/adr/0022), opened for the answer. */
const personal = () =>
  z.string().describe('Personal data, opened from its sealed form; a placeholder once the customer was erased or when this service cannot open it');

export const CustomerView = z.object({
  id: text("The channel's own reference; not personal data here, and kept after erasure"),
  name: personal(),
  email: personal(),
  phone: personal().optional(),
});

export const AddressView = z.object({
  line1: personal(),
  line2: personal().optional(),
  city: personal(),
  region: text('Kept after erasure, like country').optional(),
  postalCode: personal(),
  country: text('ISO 3166-1 alpha-2'),
});

export const SkuQuantityView = z.object({ sku: z.string(), quantity: count() });

export const PRODUCTION_STATUSES = ['REQUESTED', 'STARTED', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export const ProductionStatus = z
  .enum(PRODUCTION_STATUSES)
  .describe('REQUESTED: sent to the factory; STARTED; COMPLETED: made, its units at the warehouse; FAILED: the factory could not (the order is cancelled); CANCELLED: the order was cancelled first');
export type ProductionStatus = z.infer<typeof ProductionStatus>;

export const LineProductionView = z
  .object({
    productionOrderId: z.string(),
    status: ProductionStatus,
    warehouseId: text('Where the factory delivers the units: the warehouse the order ships from'),
    dueDate: day('The day the factory is to have made it by'),
    slipped: z.boolean().describe('The due date passed before the factory reported it made'),
    requestedAt: instant(),
    startedAt: instant().nullable(),
    completedAt: instant().nullable(),
    failedAt: instant().nullable(),
    failureReason: z.string().nullable(),
    cancelledAt: instant().nullable(),
  })
  .describe("A made-to-order line's production order (docs/adr/0039)");
export type LineProductionView = z.infer<typeof LineProductionView>;

export const OrderLineView = z
  .object({
    sku: z.string(),
    quantity: count('Ordered'),
    unitPriceMinor: count('Minor units of the order currency'),
    options: z.record(z.string(), z.string()).nullable().describe("The buyer's choices of the product's options, by name; null: none given"),
    madeToOrder: z
      .object({
        productionLeadTimeDays: count(),
        cancellationAfterStart: z.enum(['refuse', 'charge']).describe('After production starts, a cancellation is refused, or accepted with this line charged'),
        dueDate: day('The day the factory is to have made it by'),
      })
      .nullable()
      .describe('Set when the line is made to order: the terms it was confirmed on; null for a line taken from stock'),
    production: LineProductionView.nullable().describe('Its production order, once inventory requested it; null otherwise'),
    allocated: count('Held in shipments of the order itself (not released or cancelled)'),
    backordered: count('Still waiting for stock'),
    shipped: count('Picked up by a carrier'),
    delivered: count(),
    returned: count('Received back in returns'),
  })
  .describe('A line with its fulfilment quantities.');
export type OrderLineView = z.infer<typeof OrderLineView>;

export const ShipmentViewStatus = z
  .enum(['ALLOCATED', ...SHIPMENT_STATUSES])
  .describe('ALLOCATED: known from an allocation, not yet requested from the warehouse');
export type ShipmentViewStatus = z.infer<typeof ShipmentViewStatus>;

export const ShipmentView = z.object({
  shipmentId: z.string(),
  purpose: z.enum(['ORDER', 'EXCHANGE']).describe("ORDER: the order's own goods; EXCHANGE: a replacement sent for a return"),
  rmaNumber: text('Set for an exchange replacement').nullable(),
  warehouseId: z.string().nullable(),
  distanceKm: z.number().nullable().describe('From the warehouse to the address, as allocation measured it (docs/adr/0037)'),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  courier: z
    .object({
      courierId: z.string().nullable().describe('The courier it is offered to or that took it; null while one is awaited'),
      status: z.enum(['AWAITED', 'OFFERED', 'ACCEPTED']),
      attempts: z.number().int().describe('Offers made so far'),
    })
    .nullable()
    .describe('Local courier dispatch (docs/adr/0038); null for parcel carriers'),
  status: ShipmentViewStatus,
  lines: z.array(SkuQuantityView),
  promisedBy: day().nullable(),
  estimatedDeliveryDate: day("The carrier's estimate at booking").nullable(),
  delayed: z.boolean(),
  newEstimate: day('The latest estimate after a delay').nullable(),
  delayedAt: instant('When the first delay was detected').nullable(),
  released: z.boolean().describe('Its reservation was released (the order was cancelled before pick-up)'),
  allocatedAt: instant().nullable(),
  requestedAt: instant().nullable(),
  bookedAt: instant().nullable(),
  pickedUpAt: instant().nullable(),
  deliveredAt: instant().nullable(),
  deliveryFailedAt: instant().nullable(),
  returnedToSenderAt: instant().nullable(),
  cancelledAt: instant().nullable(),
});
export type ShipmentView = z.infer<typeof ShipmentView>;

export const ReturnViewStatus = z
  .enum(['AWAITING_DELIVERY', 'AUTHORIZED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'EXCHANGE_PENDING', 'EXCHANGED'])
  .describe('AWAITING_DELIVERY: requested before after-sales saw the goods delivered; decided when they are');
export type ReturnViewStatus = z.infer<typeof ReturnViewStatus>;

export const ReturnLineView = z.object({
  sku: z.string(),
  quantity: count('Authorised (or requested, when rejected)'),
  reason: z.string(),
  unitPriceMinor: count().nullable(),
  received: count('Units that arrived back, by condition'),
  resellable: count(),
  damaged: count(),
});
export type ReturnLineView = z.infer<typeof ReturnLineView>;

export const ReturnView = z.object({
  rmaNumber: z.string(),
  status: ReturnViewStatus,
  resolution: z.enum(['REFUND', 'EXCHANGE']),
  currency: z.string().nullable(),
  lines: z.array(ReturnLineView),
  refundMinor: count(),
  returnBy: day().nullable(),
  authorizedAt: instant().nullable(),
  rejectedAt: instant().nullable(),
  rejectionReason: z.string().nullable(),
  receivedAt: instant().nullable(),
  exchangeRequestedAt: instant().nullable(),
  exchange: z.object({ shipmentId: z.string(), carrier: z.string(), trackingNumber: z.string(), shippedAt: instant() }).nullable(),
});
export type ReturnView = z.infer<typeof ReturnView>;

export const ComplaintView = z.object({
  complaintId: z.string(),
  status: z.enum(['OPEN', 'RESOLVED']),
  category: z.string(),
  source: z.enum(['CUSTOMER', 'CARRIER']),
  shipmentId: z.string().nullable(),
  message: z.string(),
  openedAt: instant(),
  acknowledgedAt: instant().nullable(),
  resolveBy: instant().nullable(),
  resolvedAt: instant().nullable(),
  resolution: z.string().nullable(),
  goodwillRefundMinor: count().nullable(),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

export const RefundViewStatus = z
  .enum(['REQUESTED', 'SETTLED', 'FAILED'])
  .describe('REQUESTED: decided (RefundIssued) or asked of the payment provider; SETTLED: the money went back (OrderRefundSettled); FAILED: refused, or nothing captured was left (OrderRefundFailed)');
export type RefundViewStatus = z.infer<typeof RefundViewStatus>;

export const RefundView = z.object({
  refundId: text('Follows its cause: refund-<rmaNumber> for a return, refund-<complaintId> for goodwill, refund-cancel-<orderId> for a cancelled paid order'),
  status: RefundViewStatus,
  amountMinor: count("What was decided: after-sales' RefundIssued, or for a cancellation the order service's request"),
  requestedMinor: count('What was asked of the payment provider: less than amountMinor when the refund was capped at what was left captured').nullable(),
  settledMinor: count('What went back (SETTLED only)').nullable(),
  currency: z.string(),
  reason: z.enum(['RETURN', 'GOODWILL', 'CANCELLATION', 'ORDER_CHANGE']),
  rmaNumber: z.string().nullable(),
  complaintId: z.string().nullable(),
  paymentId: text('The payment it is refunded from, once the order service chose one').nullable(),
  providerReference: text("The provider's reference of the settlement or failure; invoice-credit for a credit against an invoice").nullable(),
  failureReason: z.string().nullable(),
  issuedAt: instant('When the refund was decided (RefundIssued, or the request of a cancellation refund)'),
  requestedAt: instant().nullable(),
  settledAt: instant().nullable(),
  failedAt: instant().nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

export const PaymentViewStatus = z
  .enum([
    'AUTHORIZATION_REQUESTED',
    'AUTHORIZED',
    'AUTHORIZATION_FAILED',
    'PARTIALLY_CAPTURED',
    'CAPTURED',
    'CAPTURE_FAILED',
    'PARTIALLY_REFUNDED',
    'REFUNDED',
  ])
  .describe(
    'AUTHORIZATION_REQUESTED until the provider answers, then AUTHORIZED or AUTHORIZATION_FAILED; PARTIALLY_CAPTURED while ' +
      'shipments are still to be captured, CAPTURED once everything authorised was (or the channel reported its checkout capture); ' +
      'CAPTURE_FAILED when the last capture failed; PARTIALLY_REFUNDED / REFUNDED once settled refunds reach part / all of what was captured',
  );
export type PaymentViewStatus = z.infer<typeof PaymentViewStatus>;

export const PaymentView = z
  .object({
    paymentId: z.string(),
    status: PaymentViewStatus,
    currency: z.string(),
    source: z.enum(['PROVIDER', 'CHANNEL']).describe("CHANNEL: taken at the channel's own checkout").nullable(),
    providerReference: text('The reference of its first authorisation or capture').nullable(),
    authorizedMinor: count('Σ OrderPaymentAuthorized'),
    capturedMinor: count('Σ OrderPaymentCaptured: per shipment, or the whole order at a checkout'),
    refundedMinor: count('Σ OrderRefundSettled from this payment: settled refunds only'),
    failureReason: text('Why its last failed authorisation or capture failed').nullable(),
  })
  .describe('One payment of the order, in the order first seen: what was authorised, captured and refunded of it.');
export type PaymentView = z.infer<typeof PaymentView>;

/**
 * Everything every service recorded about one order, folded from the events that carry its
 * `orderId`. Only values taken from events (no wall-clock time), so a rebuild, a live projection
 * and an as-of replay agree to the byte.
 */
export const OrderDocument = z
  .object({
    orderId: z.uuid(),
    orderNumber: text('Null until OrderPlaced: a return or complaint may name an order that was never placed').nullable(),
    channel: z.string(),
    externalOrderId: z.string(),
    status: z.enum(ORDER_STATUSES).describe('As the last status-changing order event said; never re-derived here').nullable(),
    customer: CustomerView.nullable(),
    shippingAddress: AddressView.nullable(),
    currency: z.string().nullable(),
    totalMinor: count().nullable(),
    requestedDeliveryDate: day().nullable(),
    placedAt: instant().nullable(),
    confirmedAt: instant().nullable(),
    estimatedDeliveryDate: day('Given at confirmation; on-time delivery is measured against it').nullable(),
    rejectedAt: instant().nullable(),
    rejectionReasons: z.array(z.string()),
    backorderedAt: instant('When some quantity first had to wait for stock').nullable(),
    allocatedAt: instant('When everything was allocated (OrderAllocated)').nullable(),
    shippedAt: instant("The first pick-up of one of the order's own shipments").nullable(),
    deliveredAt: instant('OrderDelivered: every shipment arrived and nothing waits').nullable(),
    cancelledAt: instant().nullable(),
    cancellationReason: z.string().nullable(),
    cancellationRejections: z.array(z.object({ reason: z.string(), rejectedAt: instant() })),
    lines: z.array(OrderLineView),
    shipments: z.array(ShipmentView),
    returns: z.array(ReturnView),
    complaints: z.array(ComplaintView),
    paymentMode: z
      .enum(PAYMENT_MODES)
      .describe("As OrderConfirmed said; prepaid for orders confirmed before payments existed; null for an order never confirmed")
      .nullable(),
    payments: z.array(PaymentView),
    refunds: z.array(RefundView),
    refundedMinor: count("Σ after-sales' refund decisions (RefundIssued); what actually went back is payments[].refundedMinor"),
    lastPosition: count('Global position of the last event folded in'),
    eventCount: count('How many events were folded in'),
  })
  .describe('Everything every service recorded about one order, folded from its events.');
export type OrderDocument = z.infer<typeof OrderDocument>;
