/**
 * npm run bench:e2e — the whole system's throughput, end to end: brought up as `npm start` does
 * (every service its own process) on a database and topic namespace of its own, seeded with stock,
 * then fed OrderSubmitted messages over Kafka in an open loop (sent on a clock, whatever the system
 * does). An order counts as done when the query API first shows it ALLOCATED (or beyond).
 *
 *   --rate N --duration S     N orders/s for S seconds (or --orders N at --rate)
 *   --rate max                steps the rate up (x --step-factor, each step --duration s) while
 *                             the system keeps up; reports the highest sustained rate
 *   --burst N                 N orders at once; the rate at which they complete
 *
 * Prints orders/s achieved, p50/p95/p99 of sent → ALLOCATED visible, SQL transactions (and
 * statements, where the server collects them) per order for its own database, and each service's
 * CPU seconds per 1,000 orders and RSS. Results go to bench/results/e2e-*.json.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { inboundKey, Topics } from '@orderflow/contracts';
import { BusProducer, OutgoingMessage } from '@orderflow/messaging';
import { uniqueSuffix } from '@orderflow/testing';
import { writeResult } from './support';
import { ALLOCATED_OR_BEYOND, AllocationWatch } from './harness/allocation-watch';
import { onCleanup, runBench, sleep } from './harness/lifecycle';
import { OrderMaker } from './harness/orders';
import { counterDelta, CounterDelta, DatabaseCounters, DatabaseStats, STATS_FLUSH_MS } from './harness/pg-stats';
import { ResourceMeter, sampleProcess, serverProcesses } from './harness/proc';
import { ALL_SERVICES, BenchSystem } from './harness/system';
import { fixed, LatencySummary, summarise, table } from './harness/stats';

const { values: opts } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '30' },
    orders: { type: 'string' },
    burst: { type: 'string' },
    'start-rate': { type: 'string', default: '10' },
    'step-factor': { type: 'string', default: '1.5' },
    'max-rate': { type: 'string', default: '5000' },
    'max-p95-ms': { type: 'string', default: '5000' },
    'keep-up': { type: 'string', default: '0.9' },
    'drain-seconds': { type: 'string', default: '60' },
    'poll-ms': { type: 'string', default: '200' },
    'idle-seconds': { type: 'string', default: '10' },
    'max-lines': { type: 'string', default: '3' },
    warmup: { type: 'string', default: '100' },
    'pool-size': { type: 'string' },
    'own-broker': { type: 'boolean', default: false },
    'keep-db': { type: 'boolean', default: false },
    seed: { type: 'string', default: 'bench-e2e' },
    timeout: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`npm run bench:e2e -- [--rate N --duration S | --orders N --rate N | --rate max | --burst N]
  [--start-rate 10 --step-factor 1.5 --max-rate 5000 --max-p95-ms 5000 --keep-up 0.9]   (max mode: steps of --duration s)
  [--drain-seconds 60] [--poll-ms 200] [--idle-seconds 10] [--warmup 100] [--max-lines 3]
  [--pool-size N] [--own-broker] [--keep-db] [--seed S] [--timeout S]`);
  process.exit(0);
}

const num = (name: keyof typeof opts) => {
  const v = Number(opts[name]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name}: expected a positive number, got ${String(opts[name])}`);
    process.exit(2);
  }
  return v;
};

type Plan = { kind: 'rate'; rate: number; seconds: number } | { kind: 'burst'; orders: number };

const mode: 'fixed' | 'max' | 'burst' = opts.burst ? 'burst' : opts.rate === 'max' ? 'max' : 'fixed';
const duration = opts.orders && mode === 'fixed' ? num('orders') / num('rate') : num('duration');
const drainMs = num('drain-seconds') * 1000;
const pollMs = num('poll-ms');
const log = (line: string) => console.log(`[bench:e2e] ${line}`);
const defaultTimeout = mode === 'max' ? 3600 : 480 + duration + drainMs / 1000;
const timeoutMs = (opts.timeout ? num('timeout') : defaultTimeout) * 1000;

interface PhaseResult {
  label: string;
  plan: Plan;
  sent: number;
  /** Orders per second actually handed to the producer over the sending window. */
  offeredRate: number;
  sendSeconds: number;
  allocated: number;
  notAllocated: number;
  notAllocatedStatuses: Record<string, number>;
  /**
   * Orders allocated per second over the longer of the sending window and the span from the first
   * allocation seen to the last: the offered rate while the system keeps up, less when it falls
   * behind, never more (a stall followed by a catch-up does not count as speed). For a burst, the
   * rate from the first allocation to the last.
   */
  achievedRate: number;
  /** Median sent → allocated of the first and of the last fifth of the orders: rising when the system falls behind. */
  latencyTrendMs: { firstFifthP50: number; lastFifthP50: number };
  /** Allocated orders per second from the first send to the last allocation (a burst's completion rate). */
  sendToLastAllocatedRate: number;
  latencyMs: LatencySummary;
  queryRequests: number;
  sql: SqlPerOrder;
  services: Record<string, { cpuSeconds: number; cpuSecondsPer1000: number; cpuSecondsPer1000LessIdle: number; rssMiB: number; maxRssMiB: number }>;
  benchCpuSeconds: number;
  sustained?: boolean;
}

interface SqlPerOrder {
  raw: CounterDelta;
  /** Transactions per order once the quiet system's own (idle polls) and the benchmark's reads are taken out. */
  transactionsPerOrder: number;
  statementsPerOrder: number | null;
  rowsInsertedPerOrder: number;
  rowsUpdatedPerOrder: number;
}

runBench('bench:e2e', timeoutMs, async () => {
  const system = await BenchSystem.start({
    bench: 'e2e',
    services: ALL_SERVICES,
    ownBroker: opts['own-broker'],
    poolSize: opts['pool-size'] ? num('pool-size') : undefined,
    keepDatabase: opts['keep-db'],
    log,
  });
  const stats = await DatabaseStats.open(system.db.adminUrl);
  onCleanup('statistics connection', () => stats.close());
  const producer = await system.bus.producer();
  onCleanup('producer', () => producer.disconnect());
  const maker = new OrderMaker(opts.seed!, uniqueSuffix(), num('max-lines'));
  const send = (messages: Record<string, unknown>[], topic: string) =>
    producer.send(messages.map((m): OutgoingMessage => ({ topic: system.topic(topic), key: inboundKey(topic, m), value: JSON.stringify(m) })));

  log('seeding warehouses and stock');
  await send(maker.stockMessages(), Topics.warehouseOperations);
  await warmUp(system, maker, producer);

  if (!(await stats.settle())) log('the store was still growing 120 s after the warm-up; calibrating anyway');
  log(`calibrating: ${num('idle-seconds')} s of the quiet system (after ${STATS_FLUSH_MS / 1000} s for statistics to settle)`);
  await sleep(STATS_FLUSH_MS);
  const idleMeter = new ResourceMeter(() => new Map<string, number | readonly number[]>([...system.pids(), ...serverProcesses()]));
  const idleBefore = await stats.read();
  idleMeter.start();
  await sleep(num('idle-seconds') * 1000);
  const idleAfter = await stats.read();
  const idleCpu = idleMeter.stop();
  const idle = counterDelta(idleBefore, idleAfter);
  const background = {
    transactionsPerSecond: idle.transactions / idle.seconds,
    cpuSecondsPerSecond: Object.fromEntries(Object.entries(idleCpu).map(([name, r]) => [name, r.cpuSeconds / idle.seconds])),
  };
  log(`quiet system: ${fixed(background.transactionsPerSecond)} transactions/s of its own`);

  let before = idleAfter;
  const phases: PhaseResult[] = [];
  const runPhase = async (label: string, plan: Plan): Promise<PhaseResult> => {
    const result = await phase(label, plan, system, maker, producer, stats, before, background);
    before = result.after;
    phases.push(result.result);
    printPhase(result.result);
    const gone = system.exited();
    if (gone.length) throw new Error(`${gone.join(', ')} exited during the run; see ${system.logDir}`);
    return result.result;
  };

  let maxSustainedRate: number | undefined;
  if (mode === 'fixed') {
    await runPhase(`rate ${num('rate')}/s`, { kind: 'rate', rate: num('rate'), seconds: duration });
  } else if (mode === 'burst') {
    await runPhase(`burst of ${num('burst')}`, { kind: 'burst', orders: num('burst') });
  } else {
    const maxP95 = num('max-p95-ms');
    const keepUp = num('keep-up');
    for (let rate = num('start-rate'); rate <= num('max-rate'); rate = Math.ceil(rate * num('step-factor'))) {
      const r = await runPhase(`step ${rate}/s`, { kind: 'rate', rate, seconds: duration });
      r.sustained = r.notAllocated === 0 && r.achievedRate >= keepUp * r.offeredRate && r.latencyMs.p95 <= maxP95;
      log(`step ${rate}/s: ${r.sustained ? 'kept up' : `did not keep up (achieved ${fixed(r.achievedRate)}/s, p95 ${fixed(r.latencyMs.p95, 0)} ms, ${r.notAllocated} not allocated)`}`);
      if (!r.sustained) break;
      maxSustainedRate = rate;
    }
    console.log(`\nhighest sustained rate: ${maxSustainedRate === undefined ? `none (even ${num('start-rate')}/s did not keep up)` : `${maxSustainedRate} orders/s`}`);
    console.log(`  (kept up = every order allocated within --drain-seconds, achieved >= ${keepUp * 100} % of offered, p95 <= ${maxP95} ms)`);
  }

  const file = writeResult('e2e', {
    mode,
    options: opts,
    system: {
      services: ALL_SERVICES,
      poolSize: opts['pool-size'] ?? 'service defaults',
      broker: opts['own-broker'] ? 'own' : 'shared, own topic namespace',
      database: system.db.name,
      logs: system.logDir,
    },
    measurement: {
      done: `first seen ${ALLOCATED_OR_BEYOND.join('/')} in GET /orders (list, by status and placedFrom) or GET /orders/{id}`,
      pollMs,
      latencyFrom: 'the moment the order was handed to the Kafka producer',
      statements: stats.statements,
      transactions: 'pg_stat_database xact_commit + xact_rollback of this database; per order less the quiet system and one per query API request',
    },
    background,
    phases,
    maxSustainedRate,
  });
  log(`results: ${file}`);
  for (const p of phases.filter((x) => x.notAllocated > 0)) {
    log(`${p.label}: ${p.notAllocated} orders were not allocated within --drain-seconds of the last send: the rate was more than the system could take`);
  }
});

/**
 * Until every SKU has been seen by the order service (it rejects an order for an SKU it has not
 * heard of) and allocated once; then a burst of warm-up orders, so that start-up costs (code
 * compiled on first use, pools filling) do not land on the first measured orders.
 */
async function warmUp(system: BenchSystem, maker: OrderMaker, producer: BusProducer): Promise<void> {
  const watch = new AllocationWatch(system.url('query-service'), await system.readerHeaders());
  const submit = async (orders: { orderId: string; message: Record<string, unknown> }[]) => {
    const at = Date.now();
    await producer.send(orders.map((o) => ({ topic: system.topic(Topics.channelOrders), key: inboundKey(Topics.channelOrders, o.message), value: JSON.stringify(o.message) })));
    orders.forEach((o) => watch.sent(o.orderId, at));
  };
  const deadline = Date.now() + 180_000;
  let waiting = maker.catalog.map((p) => p.sku);
  while (waiting.length) {
    if (Date.now() > deadline) throw new Error(`the system did not allocate an order of ${waiting.join(', ')} within 180 s of seeding; see the service logs`);
    const probes = waiting.map((sku) => ({ sku, ...maker.next('W', [sku]) }));
    await submit(probes);
    const patience = Math.min(deadline, Date.now() + 10_000);
    await watch.watch(250, () => true, () => patience);
    waiting = probes.filter((p) => !watch.latencies.has(p.orderId)).map((p) => p.sku);
    watch.pending.clear(); // a probe sent too early was REJECTED for good; a fresh one goes instead
  }
  const warmup = Number(opts.warmup);
  if (warmup > 0) {
    await submit(Array.from({ length: warmup }, () => maker.next('W')));
    await watch.watch(250, () => true, () => deadline);
    if (watch.pending.size) throw new Error(`${watch.pending.size} of ${warmup} warm-up orders were not allocated: ${JSON.stringify(await watch.statusesOfPending())}`);
  }
  log(`warm: every SKU allocatable, ${warmup} warm-up orders allocated`);
}

async function phase(
  label: string,
  plan: Plan,
  system: BenchSystem,
  maker: OrderMaker,
  producer: BusProducer,
  stats: DatabaseStats,
  before: DatabaseCounters,
  background: { transactionsPerSecond: number; cpuSecondsPerSecond: Record<string, number> },
): Promise<{ result: PhaseResult; after: DatabaseCounters }> {
  log(`${label}: ${plan.kind === 'rate' ? `${plan.rate} orders/s for ${fixed(plan.seconds)} s` : `${plan.orders} orders at once`}`);
  const watch = new AllocationWatch(system.url('query-service'), await system.readerHeaders());
  const meter = new ResourceMeter(() => new Map<string, number | readonly number[]>([...system.pids(), ...serverProcesses()]));
  const benchCpu = process.cpuUsage();
  meter.start();
  const topic = system.topic(Topics.channelOrders);
  const sends: Promise<void>[] = [];
  let sendingDone = false;
  let sendError: Error | undefined;
  let sent = 0;
  let firstSentAt = 0;
  let lastSentAt = 0;
  const sendBatch = (count: number) => {
    const orders = Array.from({ length: count }, () => maker.next());
    const at = Date.now();
    firstSentAt ||= at;
    lastSentAt = at;
    for (const o of orders) watch.sent(o.orderId, at);
    sent += count;
    const p = producer
      .send(orders.map((o) => ({ topic, key: inboundKey(Topics.channelOrders, o.message), value: JSON.stringify(o.message) })))
      .catch((err: Error) => void (sendError ??= err));
    sends.push(p);
  };
  const sending = (async () => {
    if (plan.kind === 'burst') {
      for (let i = 0; i < plan.orders; i += 500) sendBatch(Math.min(500, plan.orders - i));
    } else {
      // Open loop: what is due by the clock is sent, every 10 ms, however far behind the system is.
      const started = Date.now();
      const total = Math.round(plan.rate * plan.seconds);
      while (sent < total && !sendError) {
        const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * plan.rate) + 1);
        if (due > sent) sendBatch(due - sent);
        await sleep(10);
      }
    }
    await Promise.all(sends);
    sendingDone = true;
    if (sendError) throw sendError;
  })();
  await Promise.all([sending, watch.watch(pollMs, () => sendingDone, () => (sendingDone ? lastSentAt + drainMs : Date.now() + 60_000))]);

  const notAllocatedStatuses = watch.pending.size ? await watch.statusesOfPending() : {};
  const queryRequests = watch.requests;
  // The work an order causes goes on after ALLOCATED (shipping, relays, projections): it is counted
  // once the store has stopped growing and PostgreSQL has published every backend's counters.
  const settled = await stats.settle();
  if (!settled) log(`${label}: the store was still growing 120 s after the last allocation; measuring anyway`);
  await sleep(STATS_FLUSH_MS);
  const after = await stats.read();
  const resources = meter.stop();
  const cpu = process.cpuUsage(benchCpu);
  const raw = counterDelta(before, after);
  const per = (n: number) => (sent ? n / sent : Number.NaN);
  const sql: SqlPerOrder = {
    raw,
    transactionsPerOrder: per(raw.transactions - background.transactionsPerSecond * raw.seconds - queryRequests),
    statementsPerOrder: raw.statements === undefined ? null : per(raw.statements - queryRequests),
    rowsInsertedPerOrder: per(raw.rowsInserted),
    rowsUpdatedPerOrder: per(raw.rowsUpdated),
  };
  const seconds = raw.seconds;
  const latencies = [...watch.latencies.values()];
  const result: PhaseResult = {
    label,
    plan,
    sent,
    sendSeconds: (lastSentAt - firstSentAt) / 1000,
    offeredRate: plan.kind === 'rate' ? sent / Math.max(plan.seconds, (lastSentAt - firstSentAt) / 1000) : Number.NaN,
    allocated: latencies.length,
    notAllocated: watch.pending.size,
    notAllocatedStatuses,
    achievedRate: latencies.length / Math.max(0.001, (lastSentAt - firstSentAt) / 1000, (watch.lastSeenAt - watch.firstSeenAt) / 1000),
    latencyTrendMs: watch.latencyTrend(),
    sendToLastAllocatedRate: latencies.length / Math.max(0.001, (watch.lastSeenAt - firstSentAt) / 1000),
    latencyMs: summarise(latencies),
    queryRequests,
    sql,
    services: Object.fromEntries(
      Object.entries(resources).map(([name, r]) => [
        name,
        {
          cpuSeconds: r.cpuSeconds,
          cpuSecondsPer1000: (r.cpuSeconds / sent) * 1000,
          cpuSecondsPer1000LessIdle: ((r.cpuSeconds - (background.cpuSecondsPerSecond[name] ?? 0) * seconds) / sent) * 1000,
          rssMiB: r.rssMiB,
          maxRssMiB: r.maxRssMiB,
        },
      ]),
    ),
    benchCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  return { result, after };
}

function printPhase(r: PhaseResult): void {
  const l = r.latencyMs;
  console.log(`\n${r.label}`);
  console.log(`  sent ${r.sent} orders in ${fixed(r.sendSeconds)} s (offered ${fixed(r.offeredRate)}/s); allocated ${r.allocated}, not allocated ${r.notAllocated}${r.notAllocated ? ` ${JSON.stringify(r.notAllocatedStatuses)}` : ''}`);
  console.log(
    `  achieved ${fixed(r.achievedRate)} orders/s (${fixed(r.sendToLastAllocatedRate)}/s from the first send to the last allocation)`,
  );
  console.log(`  sent -> ALLOCATED visible: p50 ${fixed(l.p50, 0)} ms, p95 ${fixed(l.p95, 0)} ms, p99 ${fixed(l.p99, 0)} ms, max ${fixed(l.max, 0)} ms (polled every ${pollMs} ms)`);
  console.log(`  median of the first fifth sent ${fixed(r.latencyTrendMs.firstFifthP50, 0)} ms, of the last fifth ${fixed(r.latencyTrendMs.lastFifthP50, 0)} ms`);
  const s = r.sql;
  console.log(
    `  SQL per order: ${fixed(s.transactionsPerOrder)} transactions` +
      ` (raw ${s.raw.transactions} over ${fixed(s.raw.seconds)} s, less the quiet system's and ${r.queryRequests} query API reads), ` +
      `${s.statementsPerOrder === null ? 'statements: unavailable (no pg_stat_statements)' : `${fixed(s.statementsPerOrder)} statements`}, ` +
      `${fixed(s.rowsInsertedPerOrder)} rows inserted, ${fixed(s.rowsUpdatedPerOrder)} updated, ${s.raw.rollbacks} rollbacks`,
  );
  const rows = Object.entries(r.services).map(([name, v]) => [name, fixed(v.cpuSecondsPer1000, 2), fixed(v.cpuSecondsPer1000LessIdle, 2), fixed(v.rssMiB, 0), fixed(v.maxRssMiB, 0)]);
  rows.push(['(benchmark driver)', fixed((r.benchCpuSeconds / r.sent) * 1000, 2), '', fixed(sampleProcess(process.pid)?.rssMiB ?? Number.NaN, 0), '']);
  console.log(table(['process', 'CPU s / 1000 orders', 'less idle', 'RSS MiB', 'max RSS MiB'], rows));
}
