import { Injectable } from '@nestjs/common';
import { Queryable, Tx } from '@orderflow/event-store';
import { awaitsDelivery, ShipmentState } from '../domain/shipment.decider';

/** Shipments not yet delivered, returned or cancelled, with the date each is due by. */
@Injectable()
export class DelayWatch {
  /** Keeps the row of one shipment in line with its state: watched with its due date, or gone. */
  async follow(tx: Tx, shipmentId: string, state: ShipmentState): Promise<void> {
    if (!awaitsDelivery(state)) {
      await tx.query(`DELETE FROM shipping_delay_watch WHERE shipment_id = $1`, [shipmentId]);
      return;
    }
    await tx.query(
      `INSERT INTO shipping_delay_watch (shipment_id, due_date) VALUES ($1, $2)
       ON CONFLICT (shipment_id) DO UPDATE SET due_date = EXCLUDED.due_date`,
      [shipmentId, state.dueDate],
    );
  }

  /** Shipments whose due date lies before `today`, oldest first. */
  async dueBefore(db: Queryable, today: string, limit: number): Promise<string[]> {
    const rows = (await db.query(
      `SELECT shipment_id FROM shipping_delay_watch WHERE due_date < $1::date ORDER BY due_date, shipment_id LIMIT $2`,
      [today, limit],
    )) as { shipment_id: string }[];
    return rows.map((r) => r.shipment_id);
  }
}
