/** The work queues as GET /queues/* answers them (apps/query-service/src/queues/queue-queries.ts). */
export interface QueuePage<T> {
  items: T[];
  limit: number;
  nextCursor: string | null;
}

export interface BackorderItem {
  sku: string;
  /** Null: a SKU has one backorder queue, filled from any warehouse. */
  warehouseId: string | null;
  quantity: number;
  orders: number;
  oldestSince: string;
  ageSeconds: number;
}

export interface LateShipmentItem {
  shipmentId: string;
  orderId: string;
  orderNumber: string | null;
  channel: string;
  warehouseId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: string;
  promisedBy: string | null;
  newEstimate: string | null;
  daysLate: number | null;
  ageSeconds: number;
}

export interface ComplaintItem {
  complaintId: string;
  orderId: string;
  orderNumber: string | null;
  channel: string;
  category: string;
  status: string;
  openedAt: string;
  resolveBy: string;
  overdue: boolean;
  ageSeconds: number;
}

export interface ReturnAwaitedItem {
  rmaNumber: string;
  orderId: string;
  orderNumber: string | null;
  channel: string;
  resolution: 'REFUND' | 'EXCHANGE';
  authorizedAt: string;
  returnBy: string | null;
  ageSeconds: number;
  refundMinor: number;
  currency: string | null;
}

/** A production order of a made-to-order line, as GET /production-orders answers it (docs/adr/0039). */
export interface ProductionOrderItem {
  productionOrderId: string;
  orderId: string;
  orderNumber: string | null;
  channel: string;
  sku: string;
  quantity: number;
  options: Record<string, string> | null;
  status: 'REQUESTED' | 'STARTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  warehouseId: string;
  dueDate: string;
  slipped: boolean;
  overdue: boolean;
  requestedAt: string;
  startedAt: string | null;
}
