import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../ui/csv';
import { EmissionRow, FinanceRow, FulfillmentReport, SalesRow, TrendRow } from './report-shapes';
import {
  EMISSIONS_CSV,
  emissionsChartData,
  FINANCE_CSV,
  financeChartData,
  formatChange,
  formatPercent,
  LEAD_TIME_CSV,
  leadTimeChartData,
  leadTimeRows,
  rate,
  returnRateChartData,
  SALES_CSV,
  salesChartData,
  TRENDS_CSV,
  trendRows,
} from './report-tables';

const sale = (key: string, currency: string, revenueMinor: number): SalesRow => ({ key, currency, orders: 1, units: 2, revenueMinor, rejected: 0, cancellations: 0, cancelledMinor: 0 });

describe('the sales report', () => {
  const groups = [sale('web', 'EUR', 12_345), sale('web', 'JPY', 5000), sale('pos', 'EUR', 100)];

  it('draws revenue per group with one series per currency, in major units, never summed across currencies', () => {
    const data = salesChartData(groups);
    expect(data.labels).toEqual(['web', 'pos']);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Revenue (EUR)', [123.45, 1]],
      ['Revenue (JPY)', [5000, 0]],
    ]);
  });

  it('downloads every figure of the table, in minor units', () => {
    expect(toCsv(groups.slice(0, 1), SALES_CSV)).toBe('key,currency,orders,units,revenueMinor,rejected,cancellations,cancelledMinor\r\nweb,EUR,1,2,12345,0,0,0\r\n');
  });
});

describe('the fulfilment report', () => {
  const stats = (p50Hours: number | null, p90Hours: number | null, count: number) => ({ count, p50Hours, p90Hours, maxHours: p90Hours });
  const report = {
    leadTimes: {
      placedToConfirmed: stats(0.01, 0.02, 10),
      confirmedToAllocated: stats(1, 5, 10),
      allocatedToShipped: stats(20, 40, 8),
      shippedToDelivered: stats(null, null, 0),
      placedToDelivered: stats(null, null, 0),
    },
  } as unknown as FulfillmentReport;

  it('has a row per lead time in the order of the flow, p50 and p90 charted, none drawn as 0', () => {
    const rows = leadTimeRows(report);
    expect(rows.map((r) => r.name)).toEqual(['placedToConfirmed', 'confirmedToAllocated', 'allocatedToShipped', 'shippedToDelivered', 'placedToDelivered']);
    const data = leadTimeChartData(rows);
    expect(data.datasets.map((d) => d.data)).toEqual([
      [0.01, 1, 20, 0, 0],
      [0.02, 5, 40, 0, 0],
    ]);
    expect(toCsv(rows.slice(3, 4), LEAD_TIME_CSV)).toBe('leadTime,orders,p50Hours,p90Hours,maxHours\r\nshippedToDelivered,0,,,\r\n');
  });
});

describe('after-sales rates', () => {
  it('are percentages with one decimal, and no rate without a denominator', () => {
    expect(formatPercent(rate(1, 3))).toBe('33.3 %');
    expect(formatPercent(rate(0, 0))).toBe('—');
    expect(returnRateChartData([{ sku: 'A', deliveredUnits: 8, returnedUnits: 1, returnRate: 0.125 }, { sku: 'B', deliveredUnits: 0, returnedUnits: 0, returnRate: null }]).datasets[0].data).toEqual([12.5, 0]);
  });
});

describe('the finance report', () => {
  const row = (key: string, currency: string, capturedMinor: number, refundedMinor: number, outstandingMinor: number): FinanceRow => ({
    key,
    currency,
    authorizedMinor: capturedMinor,
    capturedMinor,
    refundedMinor,
    outstandingMinor,
    failedPayments: 1,
  });
  const rows = [row('2026-03-02', 'EUR', 12_345, 899, 5197), row('2026-03-02', 'JPY', 4500, 0, 0), row('2026-03-03', 'KWD', 1299, 0, 0)];

  it('draws captured, refunded and outstanding per group, one series per figure and currency, each in its major units', () => {
    const data = financeChartData(rows);
    expect(data.labels).toEqual(['2026-03-02', '2026-03-03']);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Captured (EUR)', [123.45, 0]],
      ['Refunded (EUR)', [8.99, 0]],
      ['Outstanding (EUR)', [51.97, 0]],
      ['Captured (JPY)', [4500, 0]],
      ['Refunded (JPY)', [0, 0]],
      ['Outstanding (JPY)', [0, 0]],
      ['Captured (KWD)', [0, 1.299]],
      ['Refunded (KWD)', [0, 0]],
      ['Outstanding (KWD)', [0, 0]],
    ]);
  });

  it('downloads every figure of the table, in minor units', () => {
    expect(toCsv(rows.slice(1, 2), FINANCE_CSV)).toBe('key,currency,authorizedMinor,capturedMinor,refundedMinor,outstandingMinor,failedPayments\r\n2026-03-02,JPY,4500,4500,0,0,1\r\n');
  });
});

describe('the delivery emissions report', () => {
  const row = (key: string, co2Grams: number, averageDistanceKm: number | null): EmissionRow => ({
    key,
    shipments: 3,
    measuredShipments: averageDistanceKm === null ? 0 : 2,
    totalDistanceKm: averageDistanceKm === null ? 0 : averageDistanceKm * 2,
    averageDistanceKm,
    estimatedShipments: co2Grams > 0 ? 2 : 0,
    co2Grams,
    averageCo2GramsPerShipment: co2Grams > 0 ? co2Grams / 2 : null,
  });

  it('charts CO₂ in kilograms and the average distance, an unmeasured group drawn as 0', () => {
    const data = emissionsChartData([row('WH-BER', 1530, 51), row('WH-LYO', 0, null)]);
    expect(data.labels).toEqual(['WH-BER', 'WH-LYO']);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['CO₂ (kg)', [1.53, 0]],
      ['Average distance (km)', [51, 0]],
    ]);
  });

  it('downloads every figure of the table, an unknown average left empty', () => {
    expect(toCsv([row('WH-LYO', 0, null)], EMISSIONS_CSV)).toBe(
      'key,shipments,measuredShipments,totalDistanceKm,averageDistanceKm,estimatedShipments,co2Grams,averageCo2GramsPerShipment\r\nWH-LYO,3,0,0,,0,0,\r\n',
    );
  });
});

describe('the trends report', () => {
  const trend = (sku: string, units: number, previousUnits: number, rank: number): TrendRow => ({
    sku,
    category: 'kitchen',
    units,
    previousUnits,
    change: units - previousUnits,
    relativeChange: previousUnits ? (units - previousUnits) / previousUnits : null,
    rankByChange: rank,
    rankByRelativeChange: rank,
  });

  it('lists the rising SKUs, then the falling, with signed changes and both ranks in the CSV', () => {
    const rows = trendRows({ rising: [trend('LAMP', 12, 4, 1)], falling: [trend('PEN', 1, 5, 1)] });
    expect(rows.map((r) => [r.direction, r.sku, formatChange(r.change), formatPercent(r.relativeChange)])).toEqual([
      ['rising', 'LAMP', '+8', '200 %'],
      ['falling', 'PEN', '−4', '-80 %'],
    ]);
    // A negative number is quoted but stays a number (ui/csv.ts quotes what starts like a formula).
    expect(toCsv(rows.slice(1), TRENDS_CSV)).toBe('direction,sku,category,units,previousUnits,change,relativeChange,rankByChange,rankByRelativeChange\r\nfalling,PEN,kitchen,1,5,"-4","-0.8",1,1\r\n');
  });
});
