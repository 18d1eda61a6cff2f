import { OutageMode } from '@orderflow/testing';
import { ChaosCluster, ChaosService } from './cluster';

/** One fault of a chaos run's schedule. */
export type FaultPlan =
  /** SIGKILL one replica of a service; its supervisor restarts it after the cluster's delay. */
  | { kind: 'kill'; service: ChaosService; replica: number }
  /** Stop the run's own Kafka broker and start it again on the same data. */
  | { kind: 'broker-restart' }
  /** Every service loses PostgreSQL: open connections are reset (mid-transaction too), new ones refused or black-holed. */
  | { kind: 'database-outage'; seconds: number; mode: OutageMode };

export interface InjectedFault {
  name: string;
  /** Seconds after the first order, when the fault began. */
  startedAt: number;
  /** Seconds until the system had recovered: the replica healthy again, the broker answering, the database reachable. */
  durationSeconds: number;
  detail: string;
  /** Set when recovery did not come within its bound. */
  error?: string;
}

export function describeFault(plan: FaultPlan): string {
  switch (plan.kind) {
    case 'kill':
      return `SIGKILL ${plan.service}#${plan.replica + 1}`;
    case 'broker-restart':
      return 'restart Kafka broker';
    case 'database-outage':
      return `PostgreSQL unreachable ${plan.seconds} s (${plan.mode})`;
  }
}

/** The full run: every service killed in turn, the broker restarted, the database away twice. */
export const FULL_SCHEDULE: FaultPlan[] = [
  { kind: 'kill', service: 'order-service', replica: 0 },
  { kind: 'database-outage', seconds: 12, mode: 'refuse' },
  { kind: 'kill', service: 'inventory-service', replica: 1 },
  { kind: 'broker-restart' },
  { kind: 'kill', service: 'shipping-service', replica: 0 },
  { kind: 'kill', service: 'after-sales-service', replica: 1 },
  { kind: 'database-outage', seconds: 10, mode: 'blackhole' },
  { kind: 'kill', service: 'query-service', replica: 0 },
];

/** The short run in `npm test`: one of each kind. */
export const SHORT_SCHEDULE: FaultPlan[] = [
  { kind: 'kill', service: 'inventory-service', replica: 0 },
  { kind: 'database-outage', seconds: 10, mode: 'refuse' },
  { kind: 'broker-restart' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Injects the schedule's faults one after another: each waits `gapSeconds` after the previous
 * one recovered. Every fault is timed from its start to the system's recovery.
 */
export async function injectFaults(
  cluster: ChaosCluster,
  schedule: readonly FaultPlan[],
  options: { zero: number; firstAfterSeconds: number; gapSeconds: number; log: (line: string) => void },
): Promise<InjectedFault[]> {
  const done: InjectedFault[] = [];
  const since = () => (Date.now() - options.zero) / 1000;
  await sleep(Math.max(0, options.zero + options.firstAfterSeconds * 1000 - Date.now()));
  for (const plan of schedule) {
    const name = describeFault(plan);
    const startedAt = since();
    options.log(`fault at ${startedAt.toFixed(1)} s: ${name}`);
    let detail = '';
    let error: string | undefined;
    try {
      detail = await inject(cluster, plan);
    } catch (err) {
      error = (err as Error).message.split('\n')[0];
    }
    const fault: InjectedFault = { name, startedAt, durationSeconds: since() - startedAt, detail, error };
    options.log(`fault over after ${fault.durationSeconds.toFixed(1)} s: ${name}${detail ? ` (${detail})` : ''}${error ? ` — ${error}` : ''}`);
    done.push(fault);
    await sleep(options.gapSeconds * 1000);
  }
  return done;
}

async function inject(cluster: ChaosCluster, plan: FaultPlan): Promise<string> {
  switch (plan.kind) {
    case 'kill': {
      const replica = cluster.replicasOf(plan.service)[plan.replica];
      await replica.kill();
      await sleep(500);
      await replica.waitHealthy(120_000);
      return 'restarted by its supervisor';
    }
    case 'broker-restart': {
      await cluster.broker.restart();
      return 'stopped and started on its data';
    }
    case 'database-outage': {
      const before = cluster.proxy.stats();
      await cluster.proxy.down(plan.mode);
      await sleep(plan.seconds * 1000);
      await cluster.proxy.up();
      const after = cluster.proxy.stats();
      return `${after.dropped - before.dropped} open connections reset, ${after.turnedAway - before.turnedAway} turned away`;
    }
  }
}
