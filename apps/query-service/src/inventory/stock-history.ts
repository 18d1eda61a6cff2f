import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { StreamIds } from '@orderflow/contracts';
import { EventStore, readStreamPage } from '@orderflow/event-store';
import { stockChanges } from '@orderflow/projections';
import { Projected } from '../infrastructure/http/read-model';

const units = (description?: string) => (description ? z.number().int().describe(description) : z.number().int());

export const StockPoint = z.object({
  at: z.iso.datetime({ offset: true }).describe('When the event was recorded'),
  position: z.number().int().describe('Global position of the event'),
  type: z.string().describe('StockReceived, StockReserved, StockReservationReleased, StockShipped, …'),
  warehouseId: z.string(),
  onHand: units('At that warehouse, after the event'),
  reserved: units(),
  available: units('onHand − reserved'),
});
export type StockPoint = z.infer<typeof StockPoint>;

export const StockHistory = z.object({
  sku: z.string(),
  warehouseId: z.string().nullable().describe('The warehouse asked for; null: all'),
  points: z.array(StockPoint).describe('Oldest first: the latest `limit` points'),
  earlierPoints: units('Older points left out by `limit`'),
});
export type StockHistory = z.infer<typeof StockHistory>;

/** Events read per statement while folding a stock stream. */
const PAGE = 2000;

/**
 * A SKU's stock levels over time, folded from its stock stream (ADR 3: one stream per SKU, every
 * warehouse) with the inventory projection's own reducer, a page of events at a time: the levels
 * are exactly those the projection reaches, event by event, whatever any projection holds now.
 */
@Injectable()
export class StockHistoryQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  /** Null when the SKU has no stock stream. */
  async history(sku: string, options: { warehouseId?: string; limit: number }): Promise<Projected<StockHistory | null>> {
    const position = await this.store.headPosition();
    const levels = new Map<string, { onHand: number; reserved: number }>();
    let points: StockPoint[] = [];
    let earlierPoints = 0;
    let seen = 0;
    for (let fromVersion = 1; ; fromVersion += PAGE) {
      const events = await readStreamPage(this.dataSource, StreamIds.stock(sku), fromVersion, PAGE);
      seen += events.length;
      for (const event of events) {
        for (const delta of stockChanges([event]).stock) {
          const level = levels.get(delta.warehouseId) ?? { onHand: 0, reserved: 0 };
          level.onHand += delta.onHand;
          level.reserved += delta.reserved;
          levels.set(delta.warehouseId, level);
          if (options.warehouseId !== undefined && delta.warehouseId !== options.warehouseId) continue;
          points.push({
            at: event.recordedAt.toISOString(),
            position: event.globalPosition,
            type: event.type,
            warehouseId: delta.warehouseId,
            onHand: level.onHand,
            reserved: level.reserved,
            available: level.onHand - level.reserved,
          });
        }
      }
      // Only the latest `limit` points are answered: let go of older ones as the fold goes.
      if (points.length > 2 * options.limit) {
        earlierPoints += points.length - options.limit;
        points = points.slice(-options.limit);
      }
      if (events.length < PAGE) break;
    }
    if (seen === 0) return { position, body: null };
    if (points.length > options.limit) {
      earlierPoints += points.length - options.limit;
      points = points.slice(-options.limit);
    }
    return { position, body: { sku, warehouseId: options.warehouseId ?? null, points, earlierPoints } };
  }
}
