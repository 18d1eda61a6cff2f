import { Injectable } from '@nestjs/common';
import { Queryable, Tx } from '@orderflow/event-store';

/**
 * Return requests waiting for a delivery after-sales has not seen yet (status AWAITING_DELIVERY of
 * their `return-<rma>` stream), by order and by the instant their wait runs out. Written in the
 * transaction that appends the stream's event, so the two never disagree for long: a row whose
 * stream was decided meanwhile is dropped when it is next looked at.
 */
@Injectable()
export class AwaitedReturnsRepository {
  async remember(tx: Tx, rmaNumber: string, orderId: string, awaitUntil: string): Promise<void> {
    await tx.query(
      `INSERT INTO aftersales_awaited_returns (rma_number, order_id, await_until) VALUES ($1, $2, $3) ON CONFLICT (rma_number) DO NOTHING`,
      [rmaNumber, orderId, awaitUntil],
    );
  }

  async forget(tx: Tx, rmaNumber: string): Promise<void> {
    await tx.query(`DELETE FROM aftersales_awaited_returns WHERE rma_number = $1`, [rmaNumber]);
  }

  /** The order's waiting returns, oldest RMA first: they are decided in the order they were asked. */
  async ofOrder(tx: Tx, orderId: string): Promise<string[]> {
    const rows = (await tx.query(`SELECT rma_number FROM aftersales_awaited_returns WHERE order_id = $1 ORDER BY rma_number`, [
      orderId,
    ])) as { rma_number: string }[];
    return rows.map((r) => r.rma_number);
  }

  /** Waiting returns whose wait ran out by `now`, after `afterRma` in RMA order (a page of a pass). */
  async dueBy(db: Queryable, now: Date, afterRma: string, limit: number): Promise<string[]> {
    const rows = (await db.query(
      `SELECT rma_number FROM aftersales_awaited_returns
        WHERE await_until <= $1 AND rma_number > $2 ORDER BY rma_number LIMIT $3`,
      [now, afterRma, limit],
    )) as { rma_number: string }[];
    return rows.map((r) => r.rma_number);
  }
}
