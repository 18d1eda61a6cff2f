import { derivedId } from '@orderflow/contracts';
import { UnitOfWork } from './unit-of-work';
import { UnitOfWorkFactory } from './unit-of-work.factory';

export interface SweepOptions {
  /** The pass: the correlation id of every unit of work, and the seed of each one's message id. */
  pass: string;
  /** Who decides, e.g. `service:shipping-service`. */
  actor: string;
  logger: { error(message: string): void };
  /** What failed, for the log: `delay check of shipment OF-1`. */
  describe: (id: string) => string;
  /** Tells apart two sweeps of one pass over the same ids, so that their events never share ids. */
  kind?: string;
}

/**
 * What a timed check does with what it found due: each one decided in a unit of work of its own.
 * One that cannot be decided is logged and left to the next pass; it never holds up the others.
 * Replicas sweeping at once lose races on a stream's version, and the retry, from a fresh load,
 * finds nothing left to decide. Returns how many decided something.
 */
export async function sweepEach(
  units: UnitOfWorkFactory,
  ids: readonly string[],
  options: SweepOptions,
  decide: (id: string, uow: UnitOfWork) => Promise<boolean>,
): Promise<number> {
  let decided = 0;
  for (const id of ids) {
    const cause = { messageId: derivedId(options.pass, options.kind ? `${options.kind}:${id}` : id), correlationId: options.pass, actor: options.actor };
    try {
      if (await units.run(cause, (uow) => decide(id, uow))) decided += 1;
    } catch (err) {
      options.logger.error(`${options.describe(id)} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return decided;
}
