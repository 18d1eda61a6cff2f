import { Injectable } from '@nestjs/common';
import { GeoPoint } from '@orderflow/contracts';
import { Queryable, Tx } from '@orderflow/event-store';
import { courierHeld, openCourierOffer, ShipmentState, waitsForCourier } from '../domain/shipment.decider';

/** A free courier of one carrier, where it was last seen, and since when it is free. */
export interface FreeCourier {
  courierId: string;
  location: GeoPoint;
  availableSince: Date;
}

/**
 * The local couriers as they last reported (docs/adr/0038), the offers waiting for an answer and
 * the shipments waiting for a courier. A courier holds at most one shipment: `claim` takes a free
 * one with a conditional UPDATE, so two shipments decided at once (in two replicas, or in one
 * batch) never get the same courier; the loser's UPDATE matches nothing and it tries the next.
 */
@Injectable()
export class CourierDirectory {
  /** CourierAvailable: free for a new shipment, here. An offer still open keeps its courier. */
  async available(tx: Tx, carrier: string, courierId: string, location: GeoPoint, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO shipping_couriers AS c (carrier, courier_id, lat, lon, position_at, available, available_since, assigned_shipment)
       VALUES ($1, $2, $3, $4, $5, true, $5, NULL)
       ON CONFLICT (carrier, courier_id) DO UPDATE SET
         lat = CASE WHEN EXCLUDED.position_at >= c.position_at THEN EXCLUDED.lat ELSE c.lat END,
         lon = CASE WHEN EXCLUDED.position_at >= c.position_at THEN EXCLUDED.lon ELSE c.lon END,
         position_at = greatest(c.position_at, EXCLUDED.position_at),
         available = true,
         available_since = CASE WHEN c.available AND c.assigned_shipment IS NULL THEN c.available_since ELSE EXCLUDED.available_since END,
         assigned_shipment = CASE WHEN EXISTS (SELECT 1 FROM shipping_courier_offers o WHERE o.shipment_id = c.assigned_shipment AND o.courier_id = c.courier_id)
                                  THEN c.assigned_shipment END`,
      [carrier, courierId, location.lat, location.lon, at],
    );
  }

  /** CourierPosition: where it is now; an older report than the one kept changes nothing. A courier never seen is not free. */
  async moved(tx: Tx, carrier: string, courierId: string, location: GeoPoint, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO shipping_couriers AS c (carrier, courier_id, lat, lon, position_at, available)
       VALUES ($1, $2, $3, $4, $5, false)
       ON CONFLICT (carrier, courier_id) DO UPDATE SET lat = EXCLUDED.lat, lon = EXCLUDED.lon, position_at = EXCLUDED.position_at
        WHERE c.position_at < EXCLUDED.position_at`,
      [carrier, courierId, location.lat, location.lon, at],
    );
  }

  /** The carrier's free couriers. */
  async free(db: Queryable, carrier: string): Promise<FreeCourier[]> {
    const rows = (await db.query(
      `SELECT courier_id, lat, lon, available_since FROM shipping_couriers
        WHERE carrier = $1 AND available AND assigned_shipment IS NULL`,
      [carrier],
    )) as { courier_id: string; lat: number; lon: number; available_since: Date }[];
    return rows.map((r) => ({ courierId: r.courier_id, location: { lat: r.lat, lon: r.lon }, availableSince: r.available_since }));
  }

  /** Takes a free courier for the shipment; false when someone else took it first. */
  async claim(tx: Tx, carrier: string, courierId: string, shipmentId: string): Promise<boolean> {
    const [, count] = (await tx.query(
      `UPDATE shipping_couriers SET assigned_shipment = $3
        WHERE carrier = $1 AND courier_id = $2 AND available AND assigned_shipment IS NULL`,
      [carrier, courierId, shipmentId],
    )) as [unknown, number];
    return count === 1;
  }

  /** A courier who let an offer lapse is taken as gone: not free until it reports CourierAvailable again. */
  async unresponsive(tx: Tx, carrier: string, courierId: string): Promise<void> {
    await tx.query(`UPDATE shipping_couriers SET available = false, assigned_shipment = NULL WHERE carrier = $1 AND courier_id = $2`, [carrier, courierId]);
  }

  /**
   * Keeps the tables in line with one shipment's state: its open offer (with its deadline), its
   * place in the queue for a courier, and its courier, who is free again once the shipment no
   * longer holds it (delivered, returned, cancelled).
   */
  async follow(tx: Tx, shipmentId: string, carrier: string | undefined, state: ShipmentState): Promise<void> {
    const offer = openCourierOffer(state);
    if (offer && carrier) {
      await tx.query(
        `INSERT INTO shipping_courier_offers (shipment_id, carrier, courier_id, accept_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (shipment_id) DO UPDATE SET carrier = EXCLUDED.carrier, courier_id = EXCLUDED.courier_id, accept_by = EXCLUDED.accept_by`,
        [shipmentId, carrier, offer.courierId, offer.acceptBy],
      );
    } else {
      await tx.query(`DELETE FROM shipping_courier_offers WHERE shipment_id = $1`, [shipmentId]);
    }
    if (waitsForCourier(state) && carrier) {
      await tx.query(`INSERT INTO shipping_courier_waiting (shipment_id, carrier, since) VALUES ($1, $2, now()) ON CONFLICT (shipment_id) DO NOTHING`, [shipmentId, carrier]);
    } else {
      await tx.query(`DELETE FROM shipping_courier_waiting WHERE shipment_id = $1`, [shipmentId]);
    }
    const held = courierHeld(state);
    await tx.query(
      `UPDATE shipping_couriers SET assigned_shipment = NULL, available_since = now()
        WHERE assigned_shipment = $1 AND ($2::text IS NULL OR courier_id <> $2)`,
      [shipmentId, held ?? null],
    );
  }

  /** Offers whose time to accept ran out before `now`, the oldest first. */
  async lapsedOffers(db: Queryable, now: Date, limit: number): Promise<string[]> {
    const rows = (await db.query(`SELECT shipment_id FROM shipping_courier_offers WHERE accept_by < $1 ORDER BY accept_by LIMIT $2`, [now, limit])) as { shipment_id: string }[];
    return rows.map((r) => r.shipment_id);
  }

  /** Shipments waiting for a courier of a carrier that has a free one now, the longest waiting first. */
  async servable(db: Queryable, limit: number, carrier?: string): Promise<string[]> {
    const rows = (await db.query(
      `SELECT w.shipment_id FROM shipping_courier_waiting w
        WHERE ($2::text IS NULL OR w.carrier = $2)
          AND EXISTS (SELECT 1 FROM shipping_couriers c WHERE c.carrier = w.carrier AND c.available AND c.assigned_shipment IS NULL)
        ORDER BY w.since, w.shipment_id LIMIT $1`,
      [limit, carrier ?? null],
    )) as { shipment_id: string }[];
    return rows.map((r) => r.shipment_id);
  }
}
