/** The reports as GET /reports/* answers them (apps/query-service/src/reports/report-queries.ts). */
export type SalesGrouping = 'day' | 'channel' | 'sku';

export interface SalesRow {
  key: string;
  currency: string;
  orders: number;
  units: number;
  revenueMinor: number;
  rejected: number;
  cancellations: number;
  cancelledMinor: number;
}

export interface SalesReport {
  from: string;
  to: string;
  groupBy: SalesGrouping;
  groups: SalesRow[];
  totals: Omit<SalesRow, 'key'>[];
}

export interface DurationStats {
  count: number;
  p50Hours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
}

export const LEAD_TIMES = {
  placedToConfirmed: 'Placed → confirmed',
  confirmedToAllocated: 'Confirmed → allocated',
  allocatedToShipped: 'Allocated → shipped',
  shippedToDelivered: 'Shipped → delivered',
  placedToDelivered: 'Placed → delivered',
} as const;
export type LeadTimeName = keyof typeof LEAD_TIMES;

export interface FulfillmentReport {
  from: string;
  to: string;
  leadTimes: Record<LeadTimeName, DurationStats>;
  onTimeDelivery: { delivered: number; onTime: number; rate: number | null };
  delayedShipments: { count: number; byCarrier: { carrier: string; count: number }[] };
  backorderAgeing: { orders: number; units: number; oldestSeconds: number | null };
}

export interface AfterSalesReport {
  from: string;
  to: string;
  returnRateBySku: { sku: string; deliveredUnits: number; returnedUnits: number; returnRate: number | null }[];
  returnsByReason: { reason: string; returnedUnits: number; returns: number }[];
  returns: { authorized: number; rejected: number; received: number };
  refunds: { currency: string; refunds: number; amountMinor: number; returnMinor: number; goodwillMinor: number }[];
  exchanges: { authorized: number; shipped: number };
  complaints: { opened: number; resolved: number; resolvedWithinDeadline: number; timeToResolve: DurationStats };
}

/** GET /reports/finance (apps/query-service/src/reports/finance-queries.ts). */
export type FinanceGrouping = 'day' | 'channel' | 'currency';

export interface FinanceFigures {
  authorizedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  outstandingMinor: number;
  failedPayments: number;
}

export interface FinanceRow extends FinanceFigures {
  key: string;
  currency: string;
}

export interface FinanceReport {
  from: string;
  to: string;
  groupBy: FinanceGrouping;
  currency: string | null;
  channel: string | null;
  rows: FinanceRow[];
  /** The selection's one currency and its sums; money fields null when it holds several. */
  totals: {
    currency: string | null;
    authorizedMinor: number | null;
    capturedMinor: number | null;
    refundedMinor: number | null;
    outstandingMinor: number | null;
    failedPayments: number;
  };
  totalsByCurrency: (FinanceFigures & { currency: string })[];
}

/** GET /reports/delivery-emissions (apps/query-service/src/reports/emission-queries.ts). */
export type EmissionGrouping = 'day' | 'warehouse' | 'carrier';

export interface EmissionFigures {
  shipments: number;
  measuredShipments: number;
  totalDistanceKm: number;
  averageDistanceKm: number | null;
  estimatedShipments: number;
  co2Grams: number;
  averageCo2GramsPerShipment: number | null;
}

export interface EmissionRow extends EmissionFigures {
  key: string;
}

export interface DeliveryEmissionsReport {
  from: string;
  to: string;
  groupBy: EmissionGrouping;
  rows: EmissionRow[];
  totals: EmissionFigures;
}

/** GET /reports/trends (apps/query-service/src/reports/trend-queries.ts). */
export type TrendRanking = 'change' | 'relative';

export interface TrendRow {
  sku: string;
  category: string;
  units: number;
  previousUnits: number;
  change: number;
  relativeChange: number | null;
  rankByChange: number;
  rankByRelativeChange: number;
}

export interface TrendsReport {
  from: string;
  to: string;
  previousFrom: string;
  days: number;
  rankBy: TrendRanking;
  totals: { units: number; previousUnits: number; rising: number; falling: number; unchanged: number };
  rising: TrendRow[];
  falling: TrendRow[];
}
