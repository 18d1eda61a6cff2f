import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { derivedId } from '@orderflow/contracts';
import { Clock } from '@orderflow/event-store';
import { CLOCK, UnitOfWorkFactory } from '@orderflow/platform';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/** Orders checked per pass at most; the rest wait for the next pass. */
const PASS_SIZE = 500;

/**
 * Cancels the orders whose payment authorisation was not answered by its deadline, one
 * transaction per order. An answer that won the race is found on the fresh load, and the order
 * decides nothing; replicas running passes at once only retry each other's lost races.
 */
@Injectable()
export class AuthorizationExpiry {
  private readonly logger = new Logger('AuthorizationExpiry');

  constructor(
    private readonly units: UnitOfWorkFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly index: OrderPaymentIndex,
  ) {}

  /** Runs one pass; returns how many orders it cancelled. */
  async expire(): Promise<number> {
    const due = await this.index.overdue(this.dataSource, this.clock(), PASS_SIZE);
    const pass = randomUUID();
    let cancelled = 0;
    for (const orderId of due) {
      const cause = { messageId: derivedId(pass, orderId), correlationId: pass, actor: 'service:order-service' };
      try {
        const events = await this.units.run(cause, (uow) =>
          this.index.execute(uow, orderId, { type: 'RecordAuthorization', answer: { outcome: 'TIMEOUT', at: uow.now.toISOString() } }),
        );
        if (events.some((e) => e.type === 'OrderCancelled')) cancelled += 1;
      } catch (err) {
        // One order that cannot be decided must not hold up the others; the next pass tries again.
        this.logger.error(`authorisation expiry of order ${orderId} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return cancelled;
  }
}
