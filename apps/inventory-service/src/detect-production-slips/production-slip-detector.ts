import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InventoryEvent } from '@orderflow/contracts';
import { isoDateOf } from '@orderflow/decider';
import { Clock } from '@orderflow/event-store';
import { CLOCK, sweepEach, UnitOfWork, UnitOfWorkFactory } from '@orderflow/platform';
import { InventoryStreams } from '../application/inventory-streams';
import { forgetProductionDueDates, productionDueBefore } from '../infrastructure/production-due';

/** Production orders checked per pass at most; the rest wait for the next pass. */
const PASS_SIZE = 1000;

/**
 * Finds the production orders whose due date has passed unmade and records each slip once
 * (docs/adr/0039), one transaction per production order; the order service tells the channel.
 * Replicas may run passes at once: a lost race is retried from a fresh load, which finds the slip
 * recorded and decides nothing.
 */
@Injectable()
export class ProductionSlipDetector {
  private readonly logger = new Logger('ProductionSlips');

  constructor(
    private readonly units: UnitOfWorkFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** Runs one pass; returns how many production orders it found slipped. */
  async detectSlips(): Promise<number> {
    const due = await productionDueBefore(this.dataSource, isoDateOf(this.clock()), PASS_SIZE);
    const sweep = { pass: randomUUID(), actor: 'service:inventory-service', logger: this.logger, describe: (id: string) => `slip check of production order ${id}` };
    return sweepEach(this.units, due, sweep, async (productionOrderId, uow) => (await checkDueDate(productionOrderId, uow)).length > 0);
  }
}

/** One production order against its due date, as of the unit of work's day; its watch row goes either way. */
export async function checkDueDate(productionOrderId: string, uow: UnitOfWork): Promise<InventoryEvent[]> {
  const streams = new InventoryStreams(uow);
  await streams.decideProduction(productionOrderId, { type: 'CheckDueDate', today: isoDateOf(uow.now), now: uow.now });
  await forgetProductionDueDates(uow.tx, [productionOrderId]);
  return streams.commit();
}
