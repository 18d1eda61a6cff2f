import 'reflect-metadata';
import { Command } from 'commander';
import { FaultPlan, FULL_SCHEDULE, SHORT_SCHEDULE } from './faults';
import { DEFAULT_LOG_DIR, interruptChaos, runChaos } from './orchestrator';

/**
 * `npm run chaos`: the whole system, two replicas of every service, under a steady load while
 * services are killed, the broker restarted and PostgreSQL taken away; then the checks and a
 * table. Exit 0 only when every check found nothing; 1 on any discrepancy; 2 on bad usage.
 */
const program = new Command('chaos')
  .option('--orders <n>', 'orders to send', (v) => Number(v), 5000)
  .option('--rate <n>', 'orders per second', (v) => Number(v), 6)
  .option('--seed <seed>', 'makes the load reproducible', 'chaos-1')
  .option('--faults <schedule>', 'full (8 faults), short (3) or none (a baseline)', 'full')
  .option('--replicas <n>', 'replicas of each service', (v) => Number(v), 2)
  .option('--gap <seconds>', 'between one fault\'s recovery and the next', (v) => Number(v), 15)
  .option('--first-fault <seconds>', 'after the first order, before the first fault', (v) => Number(v), 15)
  .option('--settle <seconds>', 'how long the system may take to settle after the load', (v) => Number(v), 900)
  .option('--restart-delay <ms>', 'the supervisor\'s delay before restarting a replica', (v) => Number(v), 2000)
  .option('--log-dir <dir>', 'where service logs and summary.json go (emptied first)', DEFAULT_LOG_DIR)
  .option('--keep-db', 'keep the run\'s database for inspection (its name is printed)')
  .option('--time-limit <seconds>', 'stop everything and fail after this long', (v) => Number(v), 3600)
  .parse();

const opts = program.opts<{
  orders: number;
  rate: number;
  seed: string;
  faults: string;
  replicas: number;
  gap: number;
  firstFault: number;
  settle: number;
  restartDelay: number;
  logDir: string;
  keepDb?: boolean;
  timeLimit: number;
}>();
const schedules: Record<string, FaultPlan[]> = { full: FULL_SCHEDULE, short: SHORT_SCHEDULE, none: [] };
const schedule = schedules[opts.faults];
if (!schedule || !(opts.orders > 0) || !(opts.rate > 0) || !(opts.replicas >= 1)) {
  console.error('chaos: --faults is full, short or none; --orders, --rate and --replicas are positive numbers');
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const bail = async (why: string, code: number) => {
  log(why);
  await interruptChaos();
  process.exit(code);
};
process.once('SIGINT', () => void bail('interrupted: stopping everything', 130));
process.once('SIGTERM', () => void bail('terminated: stopping everything', 143));
const limit = setTimeout(() => void bail(`time limit of ${opts.timeLimit} s reached: stopping everything`, 1), opts.timeLimit * 1000);

runChaos({
  orders: opts.orders,
  rate: opts.rate,
  seed: opts.seed,
  schedule,
  replicas: opts.replicas,
  firstFaultAfterSeconds: opts.firstFault,
  gapSeconds: opts.gap,
  restartDelayMs: opts.restartDelay,
  settleSeconds: opts.settle,
  logDir: opts.logDir,
  keepDatabase: opts.keepDb ?? false,
  log,
})
  .then(({ table, failed }) => {
    clearTimeout(limit);
    process.stdout.write(table + '\n');
    process.exit(failed.length ? 1 : 0);
  })
  .catch((err: Error) => {
    clearTimeout(limit);
    log(`chaos run failed: ${err.stack ?? err.message}`);
    process.exit(1);
  });
