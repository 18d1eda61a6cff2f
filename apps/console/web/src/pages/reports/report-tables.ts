import type { ChartData } from 'chart.js';
import { CsvColumn } from '../../ui/csv';
import { minorDigits } from '../../ui/format';
import { AfterSalesReport, EmissionRow, FinanceRow, FulfillmentReport, LEAD_TIMES, LeadTimeName, SalesRow, TrendRow } from './report-shapes';

/**
 * Each report as the rows of its table, the columns of its CSV and the data of its chart: the
 * chart, the table and the download always show the same figures.
 */
const COLORS = ['#0b57d0', '#146c2e', '#8a5a00', '#b3261e', '#6b3fa0', '#00696f'];

/** Money is never summed across currencies: one bar series of revenue per currency. */
export function salesChartData(groups: readonly SalesRow[]): ChartData<'bar'> {
  const keys = [...new Set(groups.map((g) => g.key))];
  const currencies = [...new Set(groups.map((g) => g.currency))];
  return {
    labels: keys,
    datasets: currencies.map((currency, i) => ({
      label: `Revenue (${currency})`,
      data: keys.map((key) => (groups.find((g) => g.key === key && g.currency === currency)?.revenueMinor ?? 0) / 10 ** minorDigits(currency)),
      backgroundColor: COLORS[i % COLORS.length],
    })),
  };
}

export const SALES_CSV: CsvColumn<SalesRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'currency', value: (r) => r.currency },
  { header: 'orders', value: (r) => r.orders },
  { header: 'units', value: (r) => r.units },
  { header: 'revenueMinor', value: (r) => r.revenueMinor },
  { header: 'rejected', value: (r) => r.rejected },
  { header: 'cancellations', value: (r) => r.cancellations },
  { header: 'cancelledMinor', value: (r) => r.cancelledMinor },
];

export interface LeadTimeRow {
  name: LeadTimeName;
  label: string;
  count: number;
  p50Hours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
}

export function leadTimeRows(report: FulfillmentReport): LeadTimeRow[] {
  return (Object.keys(LEAD_TIMES) as LeadTimeName[]).map((name) => {
    const s = report.leadTimes[name];
    return { name, label: LEAD_TIMES[name], count: s.count, p50Hours: s.p50Hours, p90Hours: s.p90Hours, maxHours: s.maxHours };
  });
}

export function leadTimeChartData(rows: readonly LeadTimeRow[]): ChartData<'bar'> {
  return {
    labels: rows.map((r) => r.label),
    datasets: [
      { label: 'p50 (hours)', data: rows.map((r) => r.p50Hours ?? 0), backgroundColor: COLORS[0] },
      { label: 'p90 (hours)', data: rows.map((r) => r.p90Hours ?? 0), backgroundColor: COLORS[2] },
    ],
  };
}

export const LEAD_TIME_CSV: CsvColumn<LeadTimeRow>[] = [
  { header: 'leadTime', value: (r) => r.name },
  { header: 'orders', value: (r) => r.count },
  { header: 'p50Hours', value: (r) => r.p50Hours },
  { header: 'p90Hours', value: (r) => r.p90Hours },
  { header: 'maxHours', value: (r) => r.maxHours },
];

export type ReturnRateRow = AfterSalesReport['returnRateBySku'][number];

/** Return rates as percentages (one decimal); a SKU with nothing delivered has no rate, drawn as 0. */
export function returnRateChartData(rows: readonly ReturnRateRow[]): ChartData<'bar'> {
  return {
    labels: rows.map((r) => r.sku),
    datasets: [{ label: 'Return rate (%)', data: rows.map((r) => percent(r.returnRate) ?? 0), backgroundColor: COLORS[3] }],
  };
}

export const RETURN_RATE_CSV: CsvColumn<ReturnRateRow>[] = [
  { header: 'sku', value: (r) => r.sku },
  { header: 'deliveredUnits', value: (r) => r.deliveredUnits },
  { header: 'returnedUnits', value: (r) => r.returnedUnits },
  { header: 'returnRate', value: (r) => r.returnRate },
];

/** A share (0..1) as a percentage with one decimal; null stays null (no denominator). */
export function percent(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : Math.round(share * 1000) / 10;
}

export function formatPercent(share: number | null | undefined): string {
  const p = percent(share);
  return p === null ? '—' : `${p} %`;
}

/** A share of two counts: null when there is nothing to divide by. */
export const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);


/** The money figures of the finance report, as its chart and table name them. */
export const FINANCE_FIGURES = [
  ['capturedMinor', 'Captured'],
  ['refundedMinor', 'Refunded'],
  ['outstandingMinor', 'Outstanding'],
] as const;

/**
 * Captured, refunded and outstanding per group, one series per figure and currency, in the
 * currency's major units: amounts of two currencies never share a bar.
 */
export function financeChartData(rows: readonly FinanceRow[]): ChartData<'bar'> {
  const keys = [...new Set(rows.map((r) => r.key))];
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return {
    labels: keys,
    datasets: currencies.flatMap((currency, c) =>
      FINANCE_FIGURES.map(([figure, label], f) => ({
        label: `${label} (${currency})`,
        data: keys.map((key) => (rows.find((r) => r.key === key && r.currency === currency)?.[figure] ?? 0) / 10 ** minorDigits(currency)),
        backgroundColor: COLORS[(c * FINANCE_FIGURES.length + f) % COLORS.length],
      })),
    ),
  };
}

export const FINANCE_CSV: CsvColumn<FinanceRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'currency', value: (r) => r.currency },
  { header: 'authorizedMinor', value: (r) => r.authorizedMinor },
  { header: 'capturedMinor', value: (r) => r.capturedMinor },
  { header: 'refundedMinor', value: (r) => r.refundedMinor },
  { header: 'outstandingMinor', value: (r) => r.outstandingMinor },
  { header: 'failedPayments', value: (r) => r.failedPayments },
];

/** Distance and CO₂ per group: average km per measured shipment, and kilograms of CO₂ (estimated shipments only). */
export function emissionsChartData(rows: readonly EmissionRow[]): ChartData<'bar'> {
  return {
    labels: rows.map((r) => r.key),
    datasets: [
      { label: 'CO₂ (kg)', data: rows.map((r) => r.co2Grams / 1000), backgroundColor: COLORS[1] },
      { label: 'Average distance (km)', data: rows.map((r) => r.averageDistanceKm ?? 0), backgroundColor: COLORS[0] },
    ],
  };
}

export const EMISSIONS_CSV: CsvColumn<EmissionRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'shipments', value: (r) => r.shipments },
  { header: 'measuredShipments', value: (r) => r.measuredShipments },
  { header: 'totalDistanceKm', value: (r) => r.totalDistanceKm },
  { header: 'averageDistanceKm', value: (r) => r.averageDistanceKm },
  { header: 'estimatedShipments', value: (r) => r.estimatedShipments },
  { header: 'co2Grams', value: (r) => r.co2Grams },
  { header: 'averageCo2GramsPerShipment', value: (r) => r.averageCo2GramsPerShipment },
];

/** A trend row of the rising or the falling list, as its table and CSV show it. */
export type TrendTableRow = TrendRow & { direction: 'rising' | 'falling' };

export function trendRows(report: { rising: readonly TrendRow[]; falling: readonly TrendRow[] }): TrendTableRow[] {
  return [...report.rising.map((r) => ({ ...r, direction: 'rising' as const })), ...report.falling.map((r) => ({ ...r, direction: 'falling' as const }))];
}

/** A signed change: +3, −2, 0. */
export const formatChange = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

export const TRENDS_CSV: CsvColumn<TrendTableRow>[] = [
  { header: 'direction', value: (r) => r.direction },
  { header: 'sku', value: (r) => r.sku },
  { header: 'category', value: (r) => r.category },
  { header: 'units', value: (r) => r.units },
  { header: 'previousUnits', value: (r) => r.previousUnits },
  { header: 'change', value: (r) => r.change },
  { header: 'relativeChange', value: (r) => r.relativeChange },
  { header: 'rankByChange', value: (r) => r.rankByChange },
  { header: 'rankByRelativeChange', value: (r) => r.rankByRelativeChange },
];
