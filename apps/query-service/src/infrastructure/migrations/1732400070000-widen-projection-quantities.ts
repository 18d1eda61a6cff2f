import { MigrationInterface, QueryRunner } from 'typeorm';
import { QUERY_SCHEMA } from '@orderflow/projections';

/** The quantity columns of the read tables that were created as integer (ADR 0011). */
const WIDENED: Record<string, readonly string[]> = {
  inventory_stock: ['on_hand', 'reserved', 'received', 'adjusted', 'restocked', 'shipped', 'damaged'],
  inventory_backorders: ['quantity'],
  orders: ['total_units'],
  order_lines: ['quantity', 'allocated', 'backordered', 'shipped', 'delivered', 'returned'],
  order_return_lines: ['quantity', 'received', 'resellable', 'damaged'],
};

/**
 * Quantities and their running totals (stock on hand, units ordered) become bigint: a sum of
 * bounded quantities still crosses 2^31, and a projector whose batch fails retries it forever.
 * Widening keeps every value, so the projections need no replay. New installations get bigint from
 * the projections' own table definitions already; there this changes nothing.
 */
export class WidenProjectionQuantities1732400070000 implements MigrationInterface {
  name = 'WidenProjectionQuantities1732400070000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(WIDENED)) {
      const changes = columns.map((c) => `ALTER COLUMN ${c} TYPE bigint`).join(', ');
      await q.query(`ALTER TABLE ${QUERY_SCHEMA}.${table} ${changes}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(WIDENED)) {
      const changes = columns.map((c) => `ALTER COLUMN ${c} TYPE integer`).join(', ');
      await q.query(`ALTER TABLE ${QUERY_SCHEMA}.${table} ${changes}`);
    }
  }
}
