import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was paid for each order (its total as OrderConfirmed states it) and what after-sales has
 * refunded of it so far, returns and goodwill together: the cap on goodwill refunds (ADR 0021).
 * Orders recorded before this migration get their total from their lines (the order service
 * computes the total the same way) and their refunds from the RefundIssued events already stored,
 * read once here as the schema owner; from then on both are kept in the transactions that record
 * the order and issue the refunds.
 */
export class TrackOrderRefunds1732400042000 implements MigrationInterface {
  name = 'TrackOrderRefunds1732400042000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE aftersales_orders
        ADD COLUMN total_minor    bigint CHECK (total_minor >= 0),
        ADD COLUMN refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0)`);
    await q.query(`
      UPDATE aftersales_orders AS o
         SET total_minor = coalesce((SELECT sum(l.ordered * coalesce(l.unit_price_minor, 0))
                                       FROM aftersales_order_lines AS l WHERE l.order_id = o.order_id), 0)`);
    await q.query(`
      UPDATE aftersales_orders AS o
         SET refunded_minor = r.amount
        FROM (SELECT (data->>'orderId')::uuid AS order_id, sum((data->>'amountMinor')::bigint) AS amount
                FROM events
               WHERE event_type = 'RefundIssued' AND stream_category IN ('return', 'complaint')
               GROUP BY 1) AS r
       WHERE r.order_id = o.order_id`);
    await q.query(`ALTER TABLE aftersales_orders ALTER COLUMN total_minor SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE aftersales_orders DROP COLUMN refunded_minor, DROP COLUMN total_minor`);
  }
}
