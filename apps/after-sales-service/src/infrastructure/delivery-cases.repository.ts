import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';

/** The complaint each shipment's delivery problem opened: one case per shipment and kind of problem. */
@Injectable()
export class DeliveryCaseRepository {
  async caseOf(tx: Tx, shipmentId: string, category: string): Promise<string | undefined> {
    const [row] = (await tx.query(
      `SELECT complaint_id FROM aftersales_delivery_cases WHERE shipment_id = $1 AND category = $2`,
      [shipmentId, category],
    )) as { complaint_id: string }[];
    return row?.complaint_id;
  }

  async remember(tx: Tx, shipmentId: string, category: string, complaintId: string): Promise<void> {
    await tx.query(`INSERT INTO aftersales_delivery_cases (shipment_id, category, complaint_id) VALUES ($1, $2, $3)`, [
      shipmentId,
      category,
      complaintId,
    ]);
  }
}
