import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@orderflow/event-store';
import { CLOCK, sweepEach, UnitOfWorkFactory } from '@orderflow/platform';
import { AwaitedReturnsRepository } from '../infrastructure/awaited-returns.repository';
import { DecideAwaitedReturnHandler } from './decide-awaited-return.handler';

/** RMAs read per page of a pass. */
const PAGE_SIZE = 500;

/**
 * Finds the return requests whose wait for a delivery ran out and decides each again (rejected,
 * unless its delivery arrived after all), one transaction per RMA. Replicas may run passes at the
 * same time: a lost race on the return's stream is retried from a fresh load, which finds it
 * decided and does nothing.
 */
@Injectable()
export class AwaitedReturnChecker {
  private readonly logger = new Logger('AwaitedReturnChecker');

  constructor(
    private readonly units: UnitOfWorkFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly awaited: AwaitedReturnsRepository,
    private readonly handler: DecideAwaitedReturnHandler,
  ) {}

  /** One pass over every RMA due now; returns how many it decided. */
  async check(pageSize = PAGE_SIZE): Promise<number> {
    const now = this.clock();
    const sweep = { pass: randomUUID(), actor: 'service:after-sales-service', logger: this.logger, describe: (id: string) => `deciding waiting return ${id}` };
    let decided = 0;
    let after = '';
    for (;;) {
      const due = await this.awaited.dueBy(this.dataSource, now, after, pageSize);
      decided += await sweepEach(this.units, due, sweep, async (rmaNumber, uow) => (await this.handler.redecide(rmaNumber, uow)).length > 0);
      if (due.length < pageSize) return decided;
      after = due[due.length - 1];
    }
  }
}
