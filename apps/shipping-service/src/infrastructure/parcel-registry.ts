import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';

/** Tracking numbers handed out at booking, and the shipment each belongs to (carriers scan by it). */
@Injectable()
export class ParcelRegistry {
  /** A fresh number for a tracking number; never reused, even when the booking rolls back. */
  async nextParcelNumber(tx: Tx): Promise<number> {
    const [row] = (await tx.query(`SELECT nextval('shipping_parcel_number_seq') AS n`)) as { n: string }[];
    return Number(row.n);
  }

  async register(tx: Tx, trackingNumber: string, shipmentId: string): Promise<void> {
    await tx.query(`INSERT INTO shipping_parcels (tracking_number, shipment_id) VALUES ($1, $2)`, [trackingNumber, shipmentId]);
  }

  async shipmentOf(tx: Tx, trackingNumber: string): Promise<string | undefined> {
    const rows = (await tx.query(`SELECT shipment_id FROM shipping_parcels WHERE tracking_number = $1`, [trackingNumber])) as {
      shipment_id: string;
    }[];
    return rows[0]?.shipment_id;
  }
}
