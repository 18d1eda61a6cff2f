import { Queryable, Tx } from '@orderflow/event-store';

/**
 * The due dates of production orders not yet made (docs/adr/0039), a local view written in the
 * transactions that order, complete, fail, cancel or slip them: what the slip check reads.
 */
export async function watchProductionDueDates(tx: Tx, due: readonly { productionOrderId: string; dueDate: string }[]): Promise<void> {
  if (due.length === 0) return;
  await tx.query(
    `INSERT INTO inventory_production_due (production_order_id, due_date)
     SELECT * FROM unnest($1::text[], $2::date[]) ON CONFLICT (production_order_id) DO NOTHING`,
    [due.map((d) => d.productionOrderId), due.map((d) => d.dueDate)],
  );
}

export async function forgetProductionDueDates(tx: Tx, productionOrderIds: readonly string[]): Promise<void> {
  if (productionOrderIds.length === 0) return;
  await tx.query(`DELETE FROM inventory_production_due WHERE production_order_id = ANY($1::text[])`, [productionOrderIds]);
}

/** Production orders whose due date is before `today` (YYYY-MM-DD), the longest overdue first. */
export async function productionDueBefore(db: Queryable, today: string, limit: number): Promise<string[]> {
  const rows = (await db.query(
    `SELECT production_order_id FROM inventory_production_due WHERE due_date < $1::date ORDER BY due_date, production_order_id LIMIT $2`,
    [today, limit],
  )) as { production_order_id: string }[];
  return rows.map((r) => r.production_order_id);
}
