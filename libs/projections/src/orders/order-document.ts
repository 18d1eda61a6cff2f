import { Address, Customer, OrderStatus, ShipmentStatus, SkuQuantity } from '@orderflow/contracts';

/**
 * The order as GET /orders/{orderId} shows it: everything every service recorded about one order,
 * folded from the events that carry its `orderId`. Only values taken from events (no wall-clock
 * time), so a rebuild, a live projection and an as-of replay agree to the byte.
 */
export interface OrderDocument {
  orderId: string;
  /** Null until OrderPlaced: a return or complaint may name an order that was never placed. */
  orderNumber: string | null;
  channel: string;
  externalOrderId: string;
  /** As the last status-changing order event said; never re-derived here. */
  status: OrderStatus | null;
  customer: Customer | null;
  shippingAddress: Address | null;
  currency: string | null;
  totalMinor: number | null;
  requestedDeliveryDate: string | null;
  placedAt: string | null;
  confirmedAt: string | null;
  /** Given at confirmation; on-time delivery is measured against it. */
  estimatedDeliveryDate: string | null;
  rejectedAt: string | null;
  rejectionReasons: string[];
  /** When some quantity first had to wait for stock. */
  backorderedAt: string | null;
  /** When everything was allocated (OrderAllocated). */
  allocatedAt: string | null;
  /** The first pick-up of one of the order's own shipments. */
  shippedAt: string | null;
  /** OrderDelivered: every shipment arrived and nothing waits. */
  deliveredAt: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  cancellationRejections: { reason: string; rejectedAt: string }[];
  lines: OrderLineView[];
  shipments: ShipmentView[];
  returns: ReturnView[];
  complaints: ComplaintView[];
  refunds: RefundView[];
  refundedMinor: number;
  /** Global position of the last event folded in, and how many were. */
  lastPosition: number;
  eventCount: number;
}

export interface OrderLineView {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** Held in shipments of the order itself (not released or cancelled). */
  allocated: number;
  /** Still waiting for stock. */
  backordered: number;
  /** Picked up by a carrier. */
  shipped: number;
  delivered: number;
  /** Received back in returns. */
  returned: number;
}

/** ALLOCATED: known from an allocation, not yet requested from the warehouse. */
export type ShipmentViewStatus = 'ALLOCATED' | ShipmentStatus;

export interface ShipmentView {
  shipmentId: string;
  /** ORDER: the order's own goods; EXCHANGE: a replacement sent for a return. */
  purpose: 'ORDER' | 'EXCHANGE';
  rmaNumber: string | null;
  warehouseId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: ShipmentViewStatus;
  lines: SkuQuantity[];
  promisedBy: string | null;
  /** The carrier's estimate at booking. */
  estimatedDeliveryDate: string | null;
  delayed: boolean;
  /** The latest estimate after a delay. */
  newEstimate: string | null;
  /** When the first delay was detected. */
  delayedAt: string | null;
  /** The reservation was released (the order was cancelled before pick-up). */
  released: boolean;
  allocatedAt: string | null;
  requestedAt: string | null;
  bookedAt: string | null;
  pickedUpAt: string | null;
  deliveredAt: string | null;
  deliveryFailedAt: string | null;
  returnedToSenderAt: string | null;
  cancelledAt: string | null;
}

/** AWAITING_DELIVERY: requested before after-sales saw the goods delivered; decided when they are. */
export type ReturnViewStatus = 'AWAITING_DELIVERY' | 'AUTHORIZED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED' | 'EXCHANGE_PENDING' | 'EXCHANGED';

export interface ReturnView {
  rmaNumber: string;
  status: ReturnViewStatus;
  resolution: 'REFUND' | 'EXCHANGE';
  currency: string | null;
  lines: ReturnLineView[];
  refundMinor: number;
  returnBy: string | null;
  authorizedAt: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  receivedAt: string | null;
  exchangeRequestedAt: string | null;
  exchange: { shipmentId: string; carrier: string; trackingNumber: string; shippedAt: string } | null;
}

export interface ReturnLineView {
  sku: string;
  quantity: number;
  reason: string;
  unitPriceMinor: number | null;
  /** Units that arrived back, by condition. */
  received: number;
  resellable: number;
  damaged: number;
}

export interface ComplaintView {
  complaintId: string;
  status: 'OPEN' | 'RESOLVED';
  category: string;
  source: 'CUSTOMER' | 'CARRIER';
  shipmentId: string | null;
  message: string;
  openedAt: string;
  acknowledgedAt: string | null;
  resolveBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  goodwillRefundMinor: number | null;
}

export interface RefundView {
  amountMinor: number;
  currency: string;
  reason: 'RETURN' | 'GOODWILL';
  rmaNumber: string | null;
  complaintId: string | null;
  issuedAt: string;
}
