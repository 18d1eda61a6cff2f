/**
 * The query API's order shapes as the console reads them. Written out here, not imported: the
 * schemas live in libs/projections (OrderDocument, TimelineEntry) and apps/query-service
 * (OrderSummary), which bring zod and Node code the browser bundle must not carry.
 */
export const ORDER_STATUSES = ['PLACED', 'CONFIRMED', 'REJECTED', 'BACKORDERED', 'ALLOCATED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderSummary {
  orderId: string;
  orderNumber: string;
  channel: string;
  externalOrderId: string;
  status: OrderStatus;
  customerId: string;
  customerName: string;
  currency: string;
  totalMinor: number;
  totalUnits: number;
  placedAt: string;
}

export interface OrderPage {
  orders: OrderSummary[];
  limit: number;
  nextCursor: string | null;
}

/** A made-to-order line's production order (docs/adr/0039). */
export interface LineProduction {
  productionOrderId: string;
  status: 'REQUESTED' | 'STARTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  warehouseId: string;
  dueDate: string;
  slipped: boolean;
  requestedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  failedAt: string | null;
  failureReason: string | null;
  cancelledAt: string | null;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** The buyer's choices of the product's options; null: none. */
  options: Record<string, string> | null;
  /** Set when the line is made to order (docs/adr/0039). */
  madeToOrder: { productionLeadTimeDays: number; cancellationAfterStart: 'refuse' | 'charge'; dueDate: string } | null;
  production: LineProduction | null;
  allocated: number;
  backordered: number;
  shipped: number;
  delivered: number;
  returned: number;
}

export interface Shipment {
  shipmentId: string;
  purpose: 'ORDER' | 'EXCHANGE';
  rmaNumber: string | null;
  warehouseId: string | null;
  /** From the warehouse to the address; null when either could not be placed (or before ADR 37). */
  distanceKm?: number | null;
  courier?: { courierId: string | null; status: 'OFFERED' | 'ACCEPTED' | 'AWAITED'; attempts: number } | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: string;
  lines: { sku: string; quantity: number }[];
  promisedBy: string | null;
  estimatedDeliveryDate: string | null;
  delayed: boolean;
  newEstimate: string | null;
  released: boolean;
  pickedUpAt: string | null;
  deliveredAt: string | null;
}

export interface Return {
  rmaNumber: string;
  status: string;
  resolution: 'REFUND' | 'EXCHANGE';
  currency: string | null;
  lines: { sku: string; quantity: number; reason: string; received: number; resellable: number; damaged: number }[];
  refundMinor: number;
  returnBy: string | null;
  authorizedAt: string | null;
  rejectionReason: string | null;
  receivedAt: string | null;
}

export interface Complaint {
  complaintId: string;
  status: 'OPEN' | 'RESOLVED';
  category: string;
  source: 'CUSTOMER' | 'CARRIER';
  message: string;
  openedAt: string;
  resolveBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  goodwillRefundMinor: number | null;
}

export type RefundStatus = 'REQUESTED' | 'SETTLED' | 'FAILED';

export interface Refund {
  refundId: string;
  status: RefundStatus;
  /** What was decided; requestedMinor is what was asked of the provider (less when capped), settledMinor what went back. */
  amountMinor: number;
  requestedMinor: number | null;
  settledMinor: number | null;
  currency: string;
  reason: 'RETURN' | 'GOODWILL' | 'CANCELLATION';
  rmaNumber: string | null;
  complaintId: string | null;
  paymentId: string | null;
  providerReference: string | null;
  failureReason: string | null;
  issuedAt: string;
  requestedAt: string | null;
  settledAt: string | null;
  failedAt: string | null;
}

export type PaymentMode = 'prepaid' | 'authorize-capture' | 'invoice';
export type PaymentStatus =
  | 'AUTHORIZATION_REQUESTED'
  | 'AUTHORIZED'
  | 'AUTHORIZATION_FAILED'
  | 'PARTIALLY_CAPTURED'
  | 'CAPTURED'
  | 'CAPTURE_FAILED'
  | 'PARTIALLY_REFUNDED'
  | 'REFUNDED';

export interface Payment {
  paymentId: string;
  status: PaymentStatus;
  currency: string;
  source: 'PROVIDER' | 'CHANNEL' | null;
  providerReference: string | null;
  authorizedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  failureReason: string | null;
}

export interface OrderDocument {
  orderId: string;
  orderNumber: string | null;
  channel: string;
  externalOrderId: string;
  status: OrderStatus | null;
  customer: { id: string; name: string; email: string; phone?: string } | null;
  shippingAddress: { line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string } | null;
  currency: string | null;
  totalMinor: number | null;
  placedAt: string | null;
  confirmedAt: string | null;
  estimatedDeliveryDate: string | null;
  rejectionReasons: string[];
  cancelledAt: string | null;
  cancellationReason: string | null;
  lines: OrderLine[];
  shipments: Shipment[];
  returns: Return[];
  complaints: Complaint[];
  paymentMode: PaymentMode | null;
  payments: Payment[];
  refunds: Refund[];
  refundedMinor: number;
  lastPosition: number;
  eventCount: number;
}

export interface TimelineEntry {
  position: number;
  type: string;
  service: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  recordedAt: string;
  correlationId: string | null;
  causationId: string | null;
  actor: string | null;
  data: unknown;
}

export interface Timeline {
  orderId: string;
  events: TimelineEntry[];
}

/** A `order` event of GET /live. */
export interface LiveOrder {
  orderId: string;
  orderNumber: string | null;
  channel: string;
  status: OrderStatus | null;
  placedAt: string | null;
  position: number;
}
