import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderEvent, StreamIds } from '@orderflow/contracts';
import { CheckoutReport } from '../domain/order-payments';
import { Tx } from '@orderflow/event-store';
import { UnitOfWork } from '@orderflow/platform';
import { OrderCommand, orderDecider } from '../domain/order.decider';

/**
 * The order service's index of payments (ADR 31): the order each paymentId belongs to, because a
 * provider's failure and refund answers name only the payment; and the authorisations still open,
 * with their deadline, for the expiry check. It follows the order events in the transaction that
 * appends them, so it is never ahead of or behind the orders.
 */
@Injectable()
export class OrderPaymentIndex {
  /** Load, decide and append one order's command, and keep the index in step with what it decided. */
  async execute(uow: UnitOfWork, orderId: string, command: OrderCommand): Promise<OrderEvent[]> {
    const { events } = await uow.execute(StreamIds.order(orderId), orderDecider, command);
    await this.follow(uow.tx, events);
    return events;
  }

  /** Records what newly decided order events mean for the index. */
  async follow(tx: Tx, events: readonly OrderEvent[]): Promise<void> {
    const payments: { paymentId: string; orderId: string }[] = [];
    const opened: { orderId: string; authorizeBy: string }[] = [];
    const closed: string[] = [];
    for (const e of events) {
      if (e.type === 'OrderPaymentAuthorizationRequested') {
        payments.push({ paymentId: e.data.paymentId, orderId: e.data.orderId });
        opened.push({ orderId: e.data.orderId, authorizeBy: e.data.authorizeBy });
      } else if (e.type === 'OrderRefundRequested' || e.type === 'OrderCheckoutPaymentIdentified') {
        // A prepaid order's checkout payment is indexed only once a refund is asked of it (its answer
        // names only the payment): most orders never are, and the order's hot path writes no row for it.
        payments.push({ paymentId: e.data.paymentId, orderId: e.data.orderId });
      } else if (e.type === 'OrderPaymentAuthorized' || e.type === 'OrderPaymentAuthorizationFailed' || e.type === 'OrderCancelled') {
        if (e.type === 'OrderPaymentAuthorized' && e.data.source === 'CHANNEL') payments.push({ paymentId: e.data.paymentId, orderId: e.data.orderId });
        closed.push(e.data.orderId);
      }
    }
    if (payments.length > 0) {
      await tx.query(
        `INSERT INTO order_payment_index (payment_id, order_id)
         SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT (payment_id) DO NOTHING`,
        [payments.map((p) => p.paymentId), payments.map((p) => p.orderId)],
      );
    }
    if (opened.length > 0) {
      await tx.query(
        `INSERT INTO order_open_authorizations (order_id, authorize_by)
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT (order_id) DO NOTHING`,
        [opened.map((o) => o.orderId), opened.map((o) => o.authorizeBy)],
      );
    }
    if (closed.length > 0) await tx.query(`DELETE FROM order_open_authorizations WHERE order_id = ANY($1::uuid[])`, [closed]);
  }

  /** Holds a channel's checkout payment that was reported before its order, until the order is placed. */
  async hold(tx: Tx, orderId: string, report: CheckoutReport): Promise<void> {
    await tx.query(
      `INSERT INTO order_early_checkout_payments (order_id, payment_id, report) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [orderId, report.paymentId, JSON.stringify(report)],
    );
  }

  /** Lets go of the held checkout payments of an order once it is placed. */
  async release(tx: Tx, orderId: string): Promise<void> {
    await tx.query(`DELETE FROM order_early_checkout_payments WHERE order_id = $1`, [orderId]);
  }

  /** The order a payment belongs to, or undefined for a payment orderflow never made or heard of. */
  async orderOf(tx: Tx, paymentId: string): Promise<string | undefined> {
    const rows = (await tx.query(`SELECT order_id FROM order_payment_index WHERE payment_id = $1`, [paymentId])) as { order_id: string }[];
    return rows[0]?.order_id;
  }

  /** Orders whose authorisation is still open at `now`, the most overdue first. */
  async overdue(dataSource: DataSource, now: Date, limit: number): Promise<string[]> {
    const rows = (await dataSource.query(
      `SELECT order_id FROM order_open_authorizations WHERE authorize_by <= $1 ORDER BY authorize_by LIMIT $2`,
      [now.toISOString(), limit],
    )) as { order_id: string }[];
    return rows.map((r) => r.order_id);
  }
}
