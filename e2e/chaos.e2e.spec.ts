import { join } from 'node:path';
import { REPO_ROOT } from '@orderflow/testing';
import { SHORT_SCHEDULE } from './chaos/faults';
import { interruptChaos, runChaos } from './chaos/orchestrator';

/**
 * The short chaos run (`npm run chaos` is the long one): two replicas of every service, about 500
 * orders through their whole lifecycle while a replica is SIGKILLed, PostgreSQL is unreachable for
 * 10 s and the Kafka broker restarts. Nothing may be lost, doubled or dead-lettered, stock must be
 * conserved, and a rebuild must equal the live projections.
 */
describe('the whole system under faults', () => {
  afterAll(async () => {
    await interruptChaos();
  });

  it('loses, doubles and dead-letters nothing while a service is killed, the database goes away and the broker restarts', async () => {
    const lines: string[] = [];
    const { failed, table, summary } = await runChaos({
      orders: 500,
      rate: 10,
      seed: 'chaos-e2e',
      schedule: SHORT_SCHEDULE,
      replicas: 2,
      firstFaultAfterSeconds: 8,
      gapSeconds: 6,
      restartDelayMs: 1000,
      settleSeconds: 180,
      logDir: join(REPO_ROOT, '.data/chaos/e2e'),
      keepDatabase: false,
      log: (line) => lines.push(line),
    });
    process.stdout.write(table + '\n');
    expect(summary.faults).toHaveLength(3);
    expect(summary.sent.OrderSubmitted).toBeGreaterThanOrEqual(500);
    expect(failed).toEqual([]);
  }, 600_000);
});
