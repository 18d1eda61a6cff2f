import { Injectable } from '@nestjs/common';
import { Address, SkuQuantity } from '@orderflow/contracts';
import { advisoryLockKey, Tx } from '@orderflow/event-store';
import { RefundableOrder } from '../domain/complaint.decider';
import { OrderFacts } from '../domain/return.decider';

/** An order as OrderConfirmed tells it: what after-sales keeps of it. */
export interface ConfirmedOrder {
  orderId: string;
  orderNumber: string;
  channel: string;
  externalOrderId: string;
  currency: string;
  shippingAddress: Address;
  lines: readonly { sku: string; quantity: number; unitPriceMinor: number }[];
  /** What the customer pays for the order: the most that can ever be refunded of it. */
  totalMinor: number;
  confirmedAt: string;
}

interface LineRow {
  sku: string;
  unit_price_minor: string | null;
  ordered: number;
  delivered: number;
  returned: number;
  last_delivered_at: Date | null;
}

/**
 * The after-sales service's local view of orders (currency, address, prices, what was paid and
 * what has been refunded of it) and, per SKU, what was delivered, when, and how much is already
 * authorised for return. Fed by order and shipping events and by the refunds after-sales issues;
 * every write runs in the transaction of the message or request that caused it.
 */
@Injectable()
export class OrderViewRepository {
  /**
   * Whatever touches one order's view waits for whatever else does, to the end of its transaction
   * (in every replica). Row locks cannot do it while the order is unknown: a return request that
   * reads "unknown" and the confirmation that looks for waiting requests before the request has
   * committed would miss each other, and the return would wait for its whole deadline.
   */
  private async lockOrder(tx: Tx, orderId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [advisoryLockKey(`aftersales-order:${orderId}`)]);
  }

  /** The order and its lines, in one statement. A delivery seen before the confirmation has already made the line; the order fills it in. */
  async recordOrder(tx: Tx, order: ConfirmedOrder): Promise<void> {
    await this.lockOrder(tx, order.orderId);
    await tx.query(
      `WITH header AS (
         INSERT INTO aftersales_orders (order_id, order_number, channel, external_order_id, currency, ship_to, confirmed_at, total_minor)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $9)
         ON CONFLICT (order_id) DO NOTHING
       )
       INSERT INTO aftersales_order_lines (order_id, sku, unit_price_minor, ordered)
       SELECT $1, l.sku, max(l."unitPriceMinor"), sum(l.quantity)
         FROM jsonb_to_recordset($8::jsonb) AS l(sku text, quantity integer, "unitPriceMinor" bigint)
        GROUP BY l.sku
       ON CONFLICT (order_id, sku) DO UPDATE
         SET unit_price_minor = EXCLUDED.unit_price_minor, ordered = EXCLUDED.ordered`,
      [
        order.orderId,
        order.orderNumber,
        order.channel,
        order.externalOrderId,
        order.currency,
        JSON.stringify(order.shippingAddress),
        order.confirmedAt,
        JSON.stringify(order.lines),
        order.totalMinor,
      ],
    );
  }

  /** An order change (docs/adr/0034): the address, the total and the lines as they now are; a removed line is ordered 0. */
  async recordChange(tx: Tx, changed: { orderId: string; shippingAddress: Address; lines: readonly { sku: string; quantity: number; unitPriceMinor: number }[]; totalMinor: number }): Promise<void> {
    await this.lockOrder(tx, changed.orderId);
    await tx.query(
      `WITH header AS (
         UPDATE aftersales_orders SET ship_to = $2::jsonb, total_minor = $4 WHERE order_id = $1
       ), removed AS (
         UPDATE aftersales_order_lines SET ordered = 0
          WHERE order_id = $1 AND sku NOT IN (SELECT l.sku FROM jsonb_to_recordset($3::jsonb) AS l(sku text))
       )
       INSERT INTO aftersales_order_lines (order_id, sku, unit_price_minor, ordered)
       SELECT $1, l.sku, max(l."unitPriceMinor"), sum(l.quantity)
         FROM jsonb_to_recordset($3::jsonb) AS l(sku text, quantity integer, "unitPriceMinor" bigint)
        GROUP BY l.sku
       ON CONFLICT (order_id, sku) DO UPDATE
         SET unit_price_minor = EXCLUDED.unit_price_minor, ordered = EXCLUDED.ordered`,
      [changed.orderId, JSON.stringify(changed.shippingAddress), JSON.stringify(changed.lines), changed.totalMinor],
    );
  }

  async recordDelivery(tx: Tx, orderId: string, lines: readonly SkuQuantity[], deliveredAt: string): Promise<void> {
    await this.lockOrder(tx, orderId);
    await tx.query(
      `INSERT INTO aftersales_order_lines (order_id, sku, delivered, last_delivered_at)
       SELECT $1, l.sku, sum(l.quantity), $3::timestamptz
         FROM jsonb_to_recordset($2::jsonb) AS l(sku text, quantity integer)
        GROUP BY l.sku
       ON CONFLICT (order_id, sku) DO UPDATE
         SET delivered = aftersales_order_lines.delivered + EXCLUDED.delivered,
             last_delivered_at = GREATEST(aftersales_order_lines.last_delivered_at, EXCLUDED.last_delivered_at)`,
      [orderId, JSON.stringify(lines), deliveredAt],
    );
  }

  /**
   * What the return rules need to know of an order; undefined when it was never confirmed. Locks
   * the order (and its lines), so two return requests of one order are decided one after the other,
   * and after or before its confirmation and deliveries, never beside them.
   */
  async returnFactsFor(tx: Tx, orderId: string): Promise<OrderFacts | undefined> {
    await this.lockOrder(tx, orderId);
    const [order] = (await tx.query(`SELECT currency FROM aftersales_orders WHERE order_id = $1`, [orderId])) as { currency: string }[];
    if (!order) return undefined;
    const rows = (await tx.query(
      `SELECT sku, unit_price_minor, ordered, delivered, returned, last_delivered_at
         FROM aftersales_order_lines WHERE order_id = $1 ORDER BY sku FOR UPDATE`,
      [orderId],
    )) as LineRow[];
    return {
      currency: order.currency,
      lines: rows.map((r) => ({
        sku: r.sku,
        unitPriceMinor: Number(r.unit_price_minor ?? 0),
        ordered: r.ordered,
        delivered: r.delivered,
        returned: r.returned,
        ...(r.last_delivered_at ? { lastDeliveredAt: r.last_delivered_at.toISOString() } : {}),
      })),
    };
  }

  /** Authorised quantities count as returned from now on: no second RMA can claim them. */
  async recordReturnAuthorized(tx: Tx, orderId: string, lines: readonly SkuQuantity[]): Promise<void> {
    await tx.query(
      `UPDATE aftersales_order_lines AS o
          SET returned = o.returned + r.quantity
         FROM (SELECT l.sku, sum(l.quantity) AS quantity
                 FROM jsonb_to_recordset($2::jsonb) AS l(sku text, quantity integer)
                GROUP BY l.sku) AS r
        WHERE o.order_id = $1 AND o.sku = r.sku`,
      [orderId, JSON.stringify(lines)],
    );
  }

  async shipToOf(tx: Tx, orderId: string): Promise<Address | undefined> {
    const [row] = (await tx.query(`SELECT ship_to FROM aftersales_orders WHERE order_id = $1`, [orderId])) as { ship_to: Address }[];
    return row?.ship_to;
  }

  /**
   * What was paid for the order and what has been refunded of it; undefined when it was never
   * confirmed. Locks the order, so refunds of one order are decided one after the other: two
   * goodwill refunds on two of its complaints cannot both take what is left.
   */
  async refundableFor(tx: Tx, orderId: string): Promise<RefundableOrder | undefined> {
    const [row] = (await tx.query(
      `SELECT currency, total_minor, refunded_minor FROM aftersales_orders WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    )) as { currency: string; total_minor: string; refunded_minor: string }[];
    return row && { currency: row.currency, paidMinor: Number(row.total_minor), refundedMinor: Number(row.refunded_minor) };
  }

  /** A refund issued for the order (a return's or goodwill): less is left to refund from now on. */
  async recordRefund(tx: Tx, orderId: string, amountMinor: number): Promise<void> {
    await tx.query(`UPDATE aftersales_orders SET refunded_minor = refunded_minor + $2 WHERE order_id = $1`, [orderId, amountMinor]);
  }
}
