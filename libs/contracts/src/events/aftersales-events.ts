import { z } from 'zod';
import { Address, currency, isoDate, isoDateTime, minorUnits, OrderRef, quantity, SkuQuantity } from './common';

/**
 * Events of the after-sales service: `return-<rmaNumber>` (a return merchandise authorisation and
 * what became of it) and `complaint-<complaintId>` (customer complaints and automatic delivery
 * cases). Published on `aftersales.events`.
 */
export const RETURN_STATUSES = [
  'AWAITING_DELIVERY',
  'AUTHORIZED',
  'REJECTED',
  'RECEIVED',
  'REFUNDED',
  'EXCHANGE_PENDING',
  'EXCHANGED',
] as const;
export const COMPLAINT_STATUSES = ['OPEN', 'RESOLVED'] as const;

const returnRef = { rmaNumber: z.string().min(1), ...OrderRef };
const complaintRef = { complaintId: z.string().min(1), ...OrderRef };
const ReturnLine = z.object({ sku: z.string().min(1), quantity, reason: z.string(), unitPriceMinor: minorUnits });

export const AftersalesEventSchemas = {
  /**
   * The request names goods after-sales has not seen delivered (yet): the delivery event may still
   * be on its way. It is decided again when a delivery (or the order) arrives, and rejected only
   * if it still cannot be authorised at `awaitDeliveryUntil`.
   */
  ReturnAwaitingDelivery: z.object({
    ...returnRef,
    lines: z.array(z.object({ sku: z.string(), quantity, reason: z.string() })).min(1),
    resolution: z.enum(['REFUND', 'EXCHANGE']),
    /** What is missing, one entry per SKU (or the unknown order). */
    awaiting: z.array(z.string()).min(1),
    awaitDeliveryUntil: isoDateTime,
    requestedAt: isoDateTime,
  }),
  ReturnAuthorized: z.object({
    ...returnRef,
    lines: z.array(ReturnLine).min(1),
    resolution: z.enum(['REFUND', 'EXCHANGE']),
    currency,
    /** Last day a parcel is expected. */
    returnBy: isoDate,
    authorizedAt: isoDateTime,
  }),
  ReturnRejected: z.object({
    ...returnRef,
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), reason: z.string() })),
    resolution: z.enum(['REFUND', 'EXCHANGE']),
    reason: z.string(),
    rejectedAt: isoDateTime,
  }),
  ReturnReceived: z.object({
    ...returnRef,
    warehouseId: z.string(),
    lines: z.array(z.object({ sku: z.string(), quantity, condition: z.enum(['RESELLABLE', 'DAMAGED']) })).min(1),
    receivedAt: isoDateTime,
  }),
  /** Money back to the customer: for a return's received lines, or as goodwill on a complaint. */
  RefundIssued: z.object({
    ...OrderRef,
    rmaNumber: z.string().optional(),
    complaintId: z.string().optional(),
    amountMinor: minorUnits,
    currency,
    reason: z.enum(['RETURN', 'GOODWILL']),
    issuedAt: isoDateTime,
  }),
  /** The returned goods arrived; inventory allocates replacements like an order line. */
  ExchangeReplacementRequested: z.object({
    ...returnRef,
    lines: z.array(SkuQuantity).min(1),
    shipTo: Address,
    promisedBy: isoDate,
    requestedAt: isoDateTime,
  }),
  ExchangeShipped: z.object({
    ...returnRef,
    shipmentId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    shippedAt: isoDateTime,
  }),
  ComplaintOpened: z.object({
    ...complaintRef,
    category: z.string(),
    message: z.string(),
    /** CUSTOMER: submitted by a channel; CARRIER: opened automatically after a failed delivery. */
    source: z.enum(['CUSTOMER', 'CARRIER']),
    shipmentId: z.string().optional(),
    openedAt: isoDateTime,
  }),
  ComplaintAcknowledged: z.object({ ...complaintRef, resolveBy: isoDateTime, acknowledgedAt: isoDateTime }),
  ComplaintResolved: z.object({
    ...complaintRef,
    resolution: z.string(),
    goodwillRefundMinor: minorUnits.optional(),
    currency: currency.optional(),
    resolvedAt: isoDateTime,
  }),
} as const;

export type AftersalesEventType = keyof typeof AftersalesEventSchemas;
export type AftersalesEventData<T extends AftersalesEventType> = z.infer<(typeof AftersalesEventSchemas)[T]>;
export type AftersalesEvent = { [T in AftersalesEventType]: { type: T; data: AftersalesEventData<T> } }[AftersalesEventType];
