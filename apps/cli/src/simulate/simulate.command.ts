import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliContext, CliError } from '../cli-context';
import { nonNegativeNumber, probability } from '../options';
import { makeRunId, Simulation, SimulationReport } from './simulation';
import { fetchHonouringRetryAfter } from '@orderflow/platform';
import { expectedStatus, verifyAgainstQueryApi } from './verify';
import { SimMadeToOrderProduct } from './world';

/** The run as data, for whoever wants to check the system's figures independently. */
function summarise(report: SimulationReport) {
  return {
    runId: report.runId,
    seed: report.seed,
    sent: report.sent,
    malformed: report.malformed.map((m) => ({ externalOrderId: m.externalOrderId, defect: m.defect })),
    orders: report.orders.map((o) => ({
      orderId: o.orderId,
      channel: o.plan.channel,
      externalOrderId: o.plan.externalOrderId,
      kind: o.plan.kind,
      currency: o.plan.message?.currency,
      lines: o.lines,
      expectedStatus: expectedStatus(o),
      returnsAuthorized: o.returnsAuthorized,
    })),
  };
}

interface SimulateOptions {
  rate: number;
  duration: number;
  seed: string;
  drain: number;
  setup: boolean;
  pace: number;
  runId?: string;
  verify?: boolean;
  report?: string;
  cancelRate: number;
  returnRate: number;
  complaintRate: number;
  madeToOrderRate: number;
  webhookPort?: number;
  webhookSecretFile?: string;
}

export function simulateCommand(ctx: () => CliContext): Command {
  return new Command('simulate')
    .description('play channels, warehouses, carriers and customers against a running orderflow')
    .option('--rate <n>', 'orders per second', nonNegativeNumber, 20)
    .option('--duration <seconds>', 'how long to submit orders (0: until Ctrl-C)', nonNegativeNumber, 60)
    .option('--seed <seed>', 'makes the run reproducible', '42')
    .option('--drain <seconds>', 'after the last order, keep playing until things settle, at most this long', nonNegativeNumber, 30)
    .option('--no-setup', 'do not register warehouses and receive initial stock')
    .option('--pace <factor>', 'stretch (>1) or shrink (<1) every simulated delay', nonNegativeNumber, 1)
    .option('--run-id <id>', 'prefix of this run\'s external order ids (default: from the seed and the time)')
    .option('--cancel-rate <p>', 'share of orders the channel cancels', probability, 0.06)
    .option('--return-rate <p>', 'share of delivered orders the customer returns', probability, 0.15)
    .option('--complaint-rate <p>', 'share of confirmed orders that draw a complaint', probability, 0.03)
    .option(
      '--made-to-order-rate <p>',
      'share of orders with a made-to-order line, which the simulated factory makes (needs an admin key in ORDERFLOW_ADMIN_KEY to register the product)',
      probability,
      0.1,
    )
    .option('--webhook-port <port>', "also play the webshop's webhook endpoint on this port (register it with the gateway: README, Webhooks)", nonNegativeNumber)
    .option('--webhook-secret-file <file>', "the webhook's secret, to check each delivery's signature with")
    .option('--verify', 'afterwards, check every order against the query API and exit non-zero on any inconsistency')
    .option('--report <file>', 'write what was sent (every order, its kind and lines, and the expected status) as JSON')
    .action(async (options: SimulateOptions) => {
      if (options.rate <= 0) throw new CliError('--rate must be above 0', 2);
      if ((options.webhookPort === undefined) !== (options.webhookSecretFile === undefined)) throw new CliError('--webhook-port and --webhook-secret-file go together', 2);
      const context = ctx();
      const log = (line: string) => process.stderr.write(`simulate: ${line}\n`);
      const runId = options.runId ?? makeRunId(options.seed);
      const queryUrl = context.config.QUERY_URL;
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      log(`run ${runId}, seed ${options.seed}, ${options.rate}/s for ${options.duration || '∞'} s`);
      const simulation = new Simulation(context.messageBus(), {
        rate: options.rate,
        durationSeconds: options.duration,
        seed: options.seed,
        runId,
        drainSeconds: options.drain,
        setup: options.setup,
        pace: options.pace,
        cancelRate: options.cancelRate,
        returnRate: options.returnRate,
        complaintRate: options.complaintRate,
        madeToOrderRate: options.madeToOrderRate,
        registerMadeToOrder: (products) => registerMadeToOrder(context.config.ORDER_SERVICE_URL, process.env.ORDERFLOW_ADMIN_KEY, products, log),
        ...(options.webhookPort !== undefined ? { webhook: { port: options.webhookPort, secret: readFileSync(options.webhookSecretFile!, 'utf8').trim() } } : {}),
        topic: (t) => context.topic(t),
        log,
        waitForStock: (skus) => waitForStock(queryUrl, context.apiHeaders(), skus, log),
      });
      const report = await simulation.run(abort.signal);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const sent = Object.entries(report.sent)
        .map(([type, n]) => `${type} ${n}`)
        .join(', ');
      log(`sent: ${sent}`);
      if (options.report) writeFileSync(options.report, JSON.stringify(summarise(report), null, 2));
      if (options.verify) {
        const problems = await verifyAgainstQueryApi(report, { queryUrl, context, log });
        if (problems.length > 0) {
          problems.slice(0, 50).forEach((p) => process.stderr.write(`  ${p}\n`));
          throw new CliError(`${problems.length} inconsistenc${problems.length === 1 ? 'y' : 'ies'} between what was sent and what the query API shows`);
        }
        log(`verified ${report.orders.length} orders and ${report.malformed.length} malformed messages: consistent`);
      }
    });
}

/**
 * Registers the simulated factory's products with the order service (docs/adr/0039), as an admin
 * would: the same PUT again records nothing. Without an admin key, no order carries one.
 */
async function registerMadeToOrder(orderServiceUrl: string, adminKey: string | undefined, products: readonly SimMadeToOrderProduct[], log: (line: string) => void): Promise<boolean> {
  if (!adminKey) {
    log('no ORDERFLOW_ADMIN_KEY: the made-to-order products are not registered, so no order carries one');
    return false;
  }
  for (const p of products) {
    const res = await fetchHonouringRetryAfter(`${orderServiceUrl}/admin/products/${encodeURIComponent(p.sku)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: p.name, weightGrams: p.weightGrams, prices: [], madeToOrder: p.madeToOrder }),
    }).catch((err: Error) => ({ ok: false, status: 0, text: async () => err.message }));
    if (!res.ok) {
      log(`could not register ${p.sku} (${res.status} ${await res.text()}): no order carries a made-to-order line`);
      return false;
    }
  }
  log(`registered ${products.length} made-to-order product(s); the simulated factory makes them`);
  return true;
}

/** Waits until the query API shows every seeded SKU in stock (or a short grace period without it). */
async function waitForStock(queryUrl: string, headers: Record<string, string>, skus: string[], log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 60_000;
  const last = skus[skus.length - 1];
  while (Date.now() < deadline) {
    try {
      const res = await fetchHonouringRetryAfter(`${queryUrl}/inventory/${encodeURIComponent(last)}`, { headers });
      if (res.status === 200) {
        // The order service learns of SKUs through Kafka, a moment after the store has them.
        await new Promise((r) => setTimeout(r, 2000));
        return;
      }
    } catch {
      log(`query API not reachable at ${queryUrl}; giving the services a few seconds instead`);
      await new Promise((r) => setTimeout(r, 5000));
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log('stock did not show up in the query API within 60 s; going on');
}
