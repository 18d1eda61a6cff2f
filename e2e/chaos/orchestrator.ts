import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@orderflow/testing';
import { checkRun } from './checker';
import { CHAOS_SERVICES, ChaosCluster } from './cluster';
import { FaultPlan, InjectedFault, injectFaults } from './faults';
import { ChaosLoad, LoadResult } from './load';
import { checkRebuildEqualsLive } from './rebuild-check';
import { ChaosSummary, failures, renderSummary } from './report';
import { SettleProbe } from './settle';

export interface ChaosOptions {
  orders: number;
  rate: number;
  seed: string;
  schedule: readonly FaultPlan[];
  replicas: number;
  /** Seconds after the first order before the first fault. */
  firstFaultAfterSeconds: number;
  /** Seconds between one fault's recovery and the next fault. */
  gapSeconds: number;
  restartDelayMs: number;
  /** How long the system may take to settle after the load stops. */
  settleSeconds: number;
  /** Where the service logs and summary.json go; emptied at the start of each run. */
  logDir: string;
  keepDatabase: boolean;
  log: (line: string) => void;
}

export const DEFAULT_LOG_DIR = join(REPO_ROOT, '.data/chaos/last');

let active: ChaosCluster | undefined;

/** Stops the running chaos cluster's processes, broker and database, if any (on Ctrl-C or a test's timeout). */
export async function interruptChaos(): Promise<void> {
  const cluster = active;
  active = undefined;
  await cluster?.stop().catch(() => undefined);
}

/**
 * A whole chaos run: the system up on its own infrastructure, the steady load, the faults while it
 * flows, the wait for the system to settle, the checks, the table. Every process it started is
 * stopped before it returns, whatever happened.
 */
export async function runChaos(options: ChaosOptions): Promise<{ summary: ChaosSummary; failed: string[]; table: string }> {
  const { log } = options;
  const started = Date.now();
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await work();
    } finally {
      phases[name] = (Date.now() - t) / 1000;
    }
  };
  rmSync(options.logDir, { recursive: true, force: true });
  mkdirSync(options.logDir, { recursive: true });

  const cluster = await phase('start-up', () =>
    ChaosCluster.start({ replicas: options.replicas, logDir: options.logDir, restartDelayMs: options.restartDelayMs, log }),
  );
  active = cluster;
  try {
    const db = await cluster.database();
    const probe = await SettleProbe.open(cluster, db);
    const load = new ChaosLoad(cluster.messageBus(), db, {
      orders: options.orders,
      rate: options.rate,
      seed: options.seed,
      returnRate: 0.3,
      cancelRate: 0.06,
      complaintRate: 0.03,
      pace: 0.5,
      drainSeconds: options.settleSeconds,
      namespace: cluster.namespace,
      stillBusy: async () => !(await probe.sample()).settled,
      log,
    });
    log(`load: ${options.orders} orders at ${options.rate}/s (${load.generationSeconds} s of orders), ${options.schedule.length} faults while they flow`);
    let faults: InjectedFault[] = [];
    const result: LoadResult = await phase('load and faults', async () => {
      const running = load.run();
      const faulting = Promise.race([load.ordersFlowing, running.then(() => undefined)]).then(() =>
        injectFaults(cluster, options.schedule, {
          zero: Date.now(),
          firstAfterSeconds: options.firstFaultAfterSeconds,
          gapSeconds: options.gapSeconds,
          log,
        }),
      );
      const [loaded, injected] = await Promise.all([running, faulting]);
      faults = injected;
      return loaded;
    });
    const settled = await phase('settle', () => waitUntilSettled(probe, options.settleSeconds * 1000, log));
    await probe.close();
    log('checking: event store, query API, dead letters');
    const checks = await phase('check', () => checkRun({ db, queryUrl: cluster.queryUrl, bus: cluster.messageBus(), namespace: cluster.namespace, load: result }));
    log('checking: rebuild equals live');
    const rebuild = await phase('rebuild', () =>
      checkRebuildEqualsLive(db, { DATABASE_URL: cluster.appUrl, KAFKA_BROKERS: cluster.broker.address, TOPIC_NAMESPACE: cluster.namespace }),
    );
    const summary: ChaosSummary = {
      seed: options.seed,
      ordersAsked: options.orders,
      rate: options.rate,
      processes: `${cluster.replicas.length} processes (${options.replicas} × ${CHAOS_SERVICES.join(', ')})`,
      wallSeconds: (Date.now() - started) / 1000,
      phases,
      faults,
      faultsPlanned: options.schedule.length,
      sent: result.ledger.countByType,
      withheld: result.ledger.withheld.length,
      resends: result.ledger.resends,
      listenerCrashes: result.ledger.listenerCrashes,
      listenerReplacements: result.ledger.listenerReplacements,
      unplannedExits: cluster.replicas
        .map((r) => ({ replica: r.name, exits: r.exits.filter((e) => !e.planned).map((e) => `exited ${e.code ?? e.signal} at ${((e.at - result.startedAt) / 1000).toFixed(0)} s`) }))
        .filter((u) => u.exits.length > 0),
      settled,
      checks: { ...checks, rebuild: rebuild.findings },
      rebuild: { seconds: rebuild.rebuildSeconds, rows: rebuild.rows },
      logDir: options.logDir,
    };
    const table = renderSummary(summary);
    writeFileSync(join(options.logDir, 'summary.json'), JSON.stringify(summary, null, 2));
    writeFileSync(join(options.logDir, 'summary.txt'), table);
    return { summary, failed: failures(summary), table };
  } finally {
    if (active === cluster) {
      active = undefined;
      log(options.keepDatabase ? `stopping every process (keeping database ${cluster.databaseName})` : 'stopping every process');
      await cluster.stop({ keepDatabase: options.keepDatabase });
    }
  }
}

/** Waits until nothing moves (see SettleProbe), at most `timeoutMs`. */
async function waitUntilSettled(probe: SettleProbe, timeoutMs: number, log: (line: string) => void): Promise<{ ok: boolean; seconds: number; note: string }> {
  const started = Date.now();
  let note = '';
  let lastReport = Date.now();
  while (Date.now() - started < timeoutMs) {
    const sample = await probe.sample();
    note = sample.note;
    if (sample.settled) return { ok: true, seconds: (Date.now() - started) / 1000, note };
    if (Date.now() - lastReport >= 15_000) {
      lastReport = Date.now();
      log(`settling: ${note}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  log(`did not settle within ${timeoutMs / 1000} s: ${note}`);
  return { ok: false, seconds: (Date.now() - started) / 1000, note };
}
