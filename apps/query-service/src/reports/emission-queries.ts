import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { ReportWindow } from './report-window';

export const EmissionGrouping = z.enum(['day', 'warehouse', 'carrier']);
export type EmissionGrouping = z.infer<typeof EmissionGrouping>;

const count = (description: string) => z.number().int().describe(description);
const figures = {
  shipments: count('Shipments booked in the window and not cancelled'),
  measuredShipments: count('Of those, the ones whose distance from the warehouse to the address is known'),
  totalDistanceKm: z.number().describe('Σ distance of the measured shipments, km'),
  averageDistanceKm: z.number().nullable().describe('totalDistanceKm / measuredShipments, to 0.1 km; null without a measured shipment'),
  estimatedShipments: count("Of the measured, the ones whose carrier had a CO₂ factor at booking: co2Grams is theirs"),
  co2Grams: count('Σ over the estimated shipments of distanceKm × co2GramsPerKm, each rounded to the gram'),
  averageCo2GramsPerShipment: z.number().nullable().describe('co2Grams / estimatedShipments, to 0.1 g; null without an estimated shipment'),
};

export const EmissionRow = z.object({ key: z.string().describe('The day (UTC) of booking, the warehouse it left from, or the carrier'), ...figures });
export type EmissionRow = z.infer<typeof EmissionRow>;

export const EmissionTotals = z.object(figures).describe('The same figures over every shipment of the window');
export type EmissionTotals = z.infer<typeof EmissionTotals>;

export const DeliveryEmissionsReport = ReportWindow.extend({
  groupBy: EmissionGrouping,
  rows: z.array(EmissionRow).describe('By key'),
  totals: EmissionTotals,
});
export type DeliveryEmissionsReport = z.infer<typeof DeliveryEmissionsReport>;

const T = `${QUERY_SCHEMA}.report_shipments`;
const KEY: Record<EmissionGrouping, string> = {
  day: `to_char(s.booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  warehouse: `coalesce(s.warehouse_id, '(unknown)')`,
  carrier: `coalesce(s.carrier, '(unknown)')`,
};
/** The figures of a group of `measured` rows, as json fields; the numeric sums are exact, the averages rounded. */
const figuresJson = (p: string) => `
  'shipments', ${p}shipments, 'measuredShipments', ${p}measured, 'totalDistanceKm', ${p}km,
  'averageDistanceKm', CASE WHEN ${p}measured > 0 THEN round(${p}km / ${p}measured, 1) END,
  'estimatedShipments', ${p}estimated, 'co2Grams', ${p}co2,
  'averageCo2GramsPerShipment', CASE WHEN ${p}estimated > 0 THEN round(${p}co2 / ${p}estimated, 1) END`;
const sums = `count(*) AS shipments, count(m.km) AS measured, coalesce(sum(m.km), 0) AS km,
              count(m.co2) AS estimated, coalesce(sum(m.co2), 0) AS co2`;

/**
 * The delivery emissions report: one statement over the reports projection's shipments. A
 * shipment counts on the day it was booked (when its carrier, and so its factor, was chosen) unless
 * it was cancelled, as it then never left; its distance is the booking's, else the request's (as
 * allocation measured it); its CO₂ is that distance × the carrier's factor at booking.
 */
@Injectable()
export class EmissionQueries {
  constructor(private readonly dataSource: DataSource) {}

  async deliveryEmissions(window: ReportWindow, groupBy: EmissionGrouping): Promise<Projected<DeliveryEmissionsReport>> {
    const sql = `
      WITH m AS (
        SELECT ${KEY[groupBy]} AS key, x.km, round(x.km * s.co2_grams_per_km) AS co2
          FROM ${T} s CROSS JOIN LATERAL (SELECT coalesce(s.booked_distance_km, s.requested_distance_km) AS km) x
         WHERE s.booked_at >= $1 AND s.booked_at < $2 AND s.cancelled_at IS NULL),
      r AS (SELECT m.key, ${sums} FROM m GROUP BY m.key),
      t AS (SELECT ${sums} FROM m)
      SELECT json_build_object(
        'rows', (SELECT coalesce(json_agg(json_build_object('key', r.key, ${figuresJson('r.')}) ORDER BY r.key COLLATE "C"), '[]'::json) FROM r),
        'totals', (SELECT json_build_object(${figuresJson('t.')}) FROM t))`;
    const read = await readProjection<Pick<DeliveryEmissionsReport, 'rows' | 'totals'>>(this.dataSource, 'reports', sql, [window.from, window.to]);
    return { position: read.position, body: { ...window, groupBy, ...read.body! } };
  }
}
