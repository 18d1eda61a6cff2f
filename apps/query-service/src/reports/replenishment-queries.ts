import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { addDays, isoDateOf } from '@orderflow/decider';
import { adviseReplenishment, DailyDemand, demandHistory, ForecastCache, ReplenishmentPolicy } from '@orderflow/forecasting';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';

const Q = QUERY_SCHEMA;

const units = (description: string) => z.number().int().describe(description);

export const ForecastSummary = z
  .object({
    model: z.enum(['none', 'mean', 'holt', 'holt-winters']).describe("none: no history; mean: under four days of it; holt: level and trend; holt-winters: and a weekly season"),
    historyDays: z.number().int().describe('Completed days of demand fitted, from the first with demand, at most REPLENISHMENT_HISTORY_DAYS'),
    mae: z.number().describe('Mean absolute one-step-ahead error over the history, in units a day'),
    rmse: z.number().describe('Root mean squared one-step-ahead error'),
    residualSd: z.number().describe('Standard deviation of the one-step residuals: the daily σ of safety stock'),
    mape: z.number().nullable().describe('Mean absolute percentage error over the days with demand; null when none had any'),
  })
  .describe('The model fitted to the daily demand, and how far its one-step forecasts were from what happened');
export type ForecastSummary = z.infer<typeof ForecastSummary>;

export const ReplenishmentItem = z.object({
  sku: z.string(),
  warehouseId: z.string(),
  onHand: units('Units on the shelf'),
  available: units('onHand − reserved: what cover is counted in'),
  forecastDailyUnits: z.number().describe('Mean daily demand forecast over the lead time (at least what was ordered today so far)'),
  daysOfCover: z.number().nullable().describe('available / forecastDailyUnits; null when no demand is forecast'),
  leadTimeDays: z.number().int(),
  safetyStock: z.number().describe('z(serviceLevel) × σ × √leadTimeDays'),
  reorderPoint: units('forecastDailyUnits × leadTimeDays + safetyStock, rounded up'),
  suggestedQuantity: units('max(0, reorderPoint + forecastDailyUnits × reviewDays − available), rounded up'),
  reason: z.string().describe('Why, in a sentence'),
  forecast: ForecastSummary,
});
export type ReplenishmentItem = z.infer<typeof ReplenishmentItem>;

export const ReplenishmentReport = z.object({
  asOf: z.string().describe('Today (UTC): the days before it are the history, today so far a floor of its demand'),
  leadTimeDays: z.number().int().describe('REPLENISHMENT_LEAD_TIME_DAYS'),
  serviceLevel: z.number(),
  reviewDays: z.number().int(),
  historyDays: z.number().int().describe('REPLENISHMENT_HISTORY_DAYS: the most days of history a forecast is fitted to'),
  items: z.array(ReplenishmentItem).describe('Fewest days of cover first (no demand last), then by SKU and warehouse'),
  truncated: z.boolean().describe('More items matched than `limit`'),
});
export type ReplenishmentReport = z.infer<typeof ReplenishmentReport>;

export interface ReplenishmentSelection extends ReplenishmentPolicy {
  historyDays: number;
  sku?: string;
  warehouseId?: string;
  /** Every SKU and warehouse, not only those below their reorder point. */
  all: boolean;
  limit: number;
  now: Date;
}

interface StockRow {
  sku: string;
  warehouseId: string;
  onHand: number;
  available: number;
  days: [string, number][];
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The replenishment report (docs/adr/0036): stock and daily demand from the inventory projection in
 * one statement (one position), a forecast per SKU and warehouse by libs/forecasting, the same
 * policy maths the inventory service's low-stock alerts use.
 */
@Injectable()
export class ReplenishmentQueries {
  // Completed days change once a day: a SKU's fit is made once a day, not on every request.
  private readonly forecasts = new ForecastCache();

  constructor(private readonly dataSource: DataSource) {}

  async report(selection: ReplenishmentSelection): Promise<Projected<ReplenishmentReport>> {
    const today = isoDateOf(selection.now);
    const read = await readProjection<StockRow[]>(
      this.dataSource,
      'inventory',
      `SELECT coalesce(json_agg(json_build_object(
                'sku', s.sku, 'warehouseId', s.warehouse_id, 'onHand', s.on_hand, 'available', s.on_hand - s.reserved,
                'days', (SELECT coalesce(json_agg(json_build_array(to_char(d.day, 'YYYY-MM-DD'), d.ordered_units - d.released_units) ORDER BY d.day), '[]'::json)
                           FROM ${Q}.inventory_demand_daily d
                          WHERE d.sku = s.sku AND d.warehouse_id = s.warehouse_id AND d.day >= $3::date))
              ORDER BY s.sku, s.warehouse_id), '[]'::json)
         FROM ${Q}.inventory_stock s
        WHERE ($1::text IS NULL OR s.sku = $1) AND ($2::text IS NULL OR s.warehouse_id = $2)`,
      [selection.sku ?? null, selection.warehouseId ?? null, addDays(today, -selection.historyDays)],
    );
    const items: ReplenishmentItem[] = [];
    for (const row of read.body ?? []) {
      const item = this.itemOf(row, today, selection);
      if (selection.all || item.belowReorderPoint) items.push(item.item);
    }
    items.sort(
      (a, b) =>
        (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity) ||
        (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) ||
        (a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0),
    );
    return {
      position: read.position,
      body: {
        asOf: today,
        leadTimeDays: selection.leadTimeDays,
        serviceLevel: selection.serviceLevel,
        reviewDays: selection.reviewDays,
        historyDays: selection.historyDays,
        items: items.slice(0, selection.limit),
        truncated: items.length > selection.limit,
      },
    };
  }

  private itemOf(row: StockRow, today: string, policy: ReplenishmentSelection): { item: ReplenishmentItem; belowReorderPoint: boolean } {
    const rows: DailyDemand[] = row.days.map(([day, units]) => ({ day, units: Number(units) }));
    const history = demandHistory(rows, today, policy.historyDays);
    const forecast = this.forecasts.fit(`${row.sku}\u0000${row.warehouseId}`, history.completed);
    const available = Number(row.available);
    const advice = adviseReplenishment(forecast, history.today, available, policy);
    const { errors } = forecast;
    return {
      belowReorderPoint: advice.belowReorderPoint,
      item: {
        sku: row.sku,
        warehouseId: row.warehouseId,
        onHand: Number(row.onHand),
        available,
        forecastDailyUnits: advice.forecastDailyUnits,
        daysOfCover: advice.daysOfCover,
        leadTimeDays: policy.leadTimeDays,
        safetyStock: advice.safetyStock,
        reorderPoint: advice.reorderPoint,
        suggestedQuantity: advice.suggestedQuantity,
        reason: advice.reason,
        forecast: {
          model: forecast.model,
          historyDays: forecast.historyDays,
          mae: round(errors.mae),
          rmse: round(errors.rmse),
          residualSd: round(errors.residualSd),
          mape: errors.mape === null ? null : round(errors.mape),
        },
      },
    };
  }
}
