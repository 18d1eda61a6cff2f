import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isoDateOf } from '@orderflow/decider';
import { Clock } from '@orderflow/event-store';
import { CLOCK, sweepEach, UnitOfWorkFactory } from '@orderflow/platform';
import { DelayWatch } from '../infrastructure/delay-watch';
import { DetectDelayHandler } from './detect-delay.handler';

/** Shipments checked per pass at most; the rest wait for the next pass. */
const PASS_SIZE = 1000;

/**
 * Finds the shipments whose due date has passed and marks each delayed, one transaction per
 * shipment. Replicas may run passes at the same time: a lost race on a shipment's stream is
 * retried from a fresh load, which finds it delayed already and decides nothing.
 */
@Injectable()
export class DelayDetector {
  private readonly logger = new Logger('DelayDetector');

  constructor(
    private readonly units: UnitOfWorkFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly watch: DelayWatch,
    private readonly handler: DetectDelayHandler,
  ) {}

  /** Runs one pass; returns how many shipments it marked delayed. */
  async detectDelays(): Promise<number> {
    const due = await this.watch.dueBefore(this.dataSource, isoDateOf(this.clock()), PASS_SIZE);
    const sweep = { pass: randomUUID(), actor: 'service:shipping-service', logger: this.logger, describe: (id: string) => `delay check of shipment ${id}` };
    return sweepEach(this.units, due, sweep, async (shipmentId, uow) => (await this.handler.handle(shipmentId, uow)).length > 0);
  }
}
