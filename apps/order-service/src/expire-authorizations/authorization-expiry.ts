import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@orderflow/event-store';
import { CLOCK, sweepEach, UnitOfWorkFactory } from '@orderflow/platform';
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
    const sweep = { pass: randomUUID(), actor: 'service:order-service', logger: this.logger, describe: (id: string) => `authorisation expiry of order ${id}` };
    return sweepEach(this.units, due, sweep, async (orderId, uow) => {
      const events = await this.index.execute(uow, orderId, { type: 'RecordAuthorization', answer: { outcome: 'TIMEOUT', at: uow.now.toISOString() } });
      return events.some((e) => e.type === 'OrderCancelled');
    });
  }
}
