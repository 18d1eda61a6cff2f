import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command } from 'commander';
import { orderIdFor } from '@orderflow/contracts';
import {
  AuditFinding,
  CSV_HEADER,
  DEFAULT_MAX_FINDINGS,
  EventStore,
  exportEvents,
  sealStreamHeads,
  SealsChecked,
  toCsvRow,
  toNdjsonLine,
} from '@orderflow/event-store';
import { auditKeyEnvSchema, auditKeyOf, ConfigError, loadConfig } from '@orderflow/platform';
import { orderHistory } from '@orderflow/projections';
import { CliContext, CliError } from '../cli-context';
import { Progress } from '../progress';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An order named by its id, or by the channel's own `<channel>:<externalOrderId>`. */
export function resolveOrderId(reference: string): string {
  if (UUID.test(reference)) return reference.toLowerCase();
  const colon = reference.indexOf(':');
  if (colon > 0 && colon < reference.length - 1) return orderIdFor(reference.slice(0, colon), reference.slice(colon + 1));
  throw new CliError(`expected an order id (UUID) or <channel>:<externalOrderId>, got "${reference}"`, 2);
}

export function parseInstant(value: string, option: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new CliError(`${option} expects an ISO-8601 date or date-time, got "${value}"`, 2);
  }
  return date;
}

const KEY_VARIABLES = 'AUDIT_HMAC_KEY, or AUDIT_HMAC_KEY_FILE to a file holding it';

/** The seals' key from the environment, if set (docs/adr/0019). */
function auditKey(): Buffer | undefined {
  try {
    return auditKeyOf(loadConfig(auditKeyEnvSchema));
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}

/** One line per finding, naming its kind and the stream (or the seal). */
export function describeFinding(f: AuditFinding): string {
  const where =
    f.kind === 'altered'
      ? `${f.streamId} version ${f.streamVersion} (position ${f.globalPosition}, event ${f.eventId})`
      : f.streamId !== undefined
        ? `${f.streamId}${f.kind === 'seal-forged' ? ` (seal ${f.sealId})` : ''}`
        : `seal ${f.sealId}`;
  return `${f.kind.padEnd(15)} ${where}: ${f.reason}`;
}

function describeSeals(seals: SealsChecked): string {
  if (!seals.checked) return `seals not checked: ${seals.note ?? 'no key'} (set ${KEY_VARIABLES})`;
  const newest = seals.latest ? `, the newest (seal ${seals.latest.sealId}) up to position ${seals.latest.upToPosition}, sealed at ${seals.latest.sealedAt}` : '; no seal yet';
  return `${seals.sealsVerified} seals and ${seals.headsCompared} sealed heads verified${newest}${seals.note ? ` (${seals.note})` : ''}`;
}

export function auditCommand(ctx: () => CliContext): Command {
  const audit = new Command('audit').description('replay history and prove that nothing stored was altered');

  audit
    .command('history')
    .description("every event that touched an order, from every service, and the order as it was")
    .argument('<order>', 'order id, or <channel>:<externalOrderId>')
    .option('--as-of <instant>', 'only what had happened by this ISO-8601 instant')
    .option('--store-scan', 'find the events by scanning the store itself rather than the timeline index')
    .option('--json', 'the whole history as JSON')
    .action(async (reference: string, options: { asOf?: string; storeScan?: boolean; json?: boolean }) => {
      const orderId = resolveOrderId(reference);
      const asOf = options.asOf ? parseInstant(options.asOf, '--as-of') : undefined;
      const history = await orderHistory(await ctx().database(), orderId, {
        asOf,
        source: options.storeScan ? 'store-scan' : 'timeline-index',
      });
      if (history.events.length === 0) {
        throw new CliError(`no events for order ${orderId}${asOf ? ` as of ${asOf.toISOString()}` : ''}`);
      }
      if (options.json) {
        process.stdout.write(JSON.stringify(history, null, 2) + '\n');
        return;
      }
      for (const e of history.events) {
        process.stdout.write(
          `${String(e.position).padStart(8)}  ${e.recordedAt}  ${e.service.padEnd(20)} ${e.type.padEnd(28)} ${e.actor ?? ''}\n`,
        );
      }
      const doc = history.document as { status?: string; orderNumber?: string } | undefined;
      process.stdout.write(
        `\norder ${orderId}${doc?.orderNumber ? ` (${doc.orderNumber})` : ''}: ${doc?.status ?? 'unknown'}` +
          `${asOf ? ` as of ${asOf.toISOString()}` : ''}, ${history.events.length} events\n`,
      );
    });

  audit
    .command('seal')
    .description("sign the head of every stream that changed since the last seal (needs the seals' key)")
    .option('--json', 'the seals written, as JSON')
    .action(async (options: { json?: boolean }) => {
      const key = auditKey();
      if (!key) throw new CliError(`audit seal needs the seals' key: set ${KEY_VARIABLES}`, 2);
      const result = await sealStreamHeads(await ctx().database(), key);
      if (options.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const [first, last] = [result.seals[0], result.seals.at(-1)];
      process.stdout.write(
        first && last
          ? `sealed ${result.heads} stream heads up to position ${result.upto.globalPosition}: ` +
              `${first === last ? `seal ${last.sealId}` : `seals ${first.sealId} to ${last.sealId}`}, the newest signed ${last.signature}\n`
          : `nothing to seal: no stream changed since the last seal (position ${result.upto.globalPosition})\n`,
      );
    });

  audit
    .command('verify')
    .description("recompute every hash chain (or one stream's) and, with the seals' key, compare every sealed stream head and check the chain of seals; name every finding")
    .option('--stream <streamId>', 'only this stream')
    .option('--max-findings <n>', 'findings to list (the rest are counted)', String(DEFAULT_MAX_FINDINGS))
    .option('--json', 'the report as JSON')
    .action(async (options: { stream?: string; maxFindings: string; json?: boolean }) => {
      const maxFindings = Number(options.maxFindings);
      if (!Number.isInteger(maxFindings) || maxFindings < 0) {
        throw new CliError(`--max-findings: expected a whole number, got "${options.maxFindings}"`, 2);
      }
      const store: EventStore = await ctx().eventStore();
      const report = await store.verifyChain(options.stream, { key: auditKey(), maxFindings });
      if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else for (const f of report.findings) process.stdout.write(`${describeFinding(f)}\n`);
      const total = report.findings.length + report.findingsOmitted;
      if (!options.json && report.findingsOmitted > 0) {
        process.stdout.write(`... and ${report.findingsOmitted} more findings (--max-findings to list more)\n`);
      }
      if (total > 0) {
        const b = report.firstBreak;
        const first = b
          ? `chain broken at ${b.streamId} version ${b.streamVersion} (position ${b.globalPosition}, event ${b.eventId}): ${b.reason}`
          : describeFinding(report.findings[0]);
        throw new CliError(`${first}; ${total} finding${total === 1 ? '' : 's'} in all`, 3);
      }
      if (!options.json) {
        process.stdout.write(`chain intact: ${report.eventsChecked} events in ${report.streamsChecked} streams verified; ${describeSeals(report.seals)}\n`);
      }
    });

  audit
    .command('export')
    .description('stream the stored events, with their hashes, from one consistent snapshot')
    .option('--from <instant>', 'recorded at or after (ISO-8601)')
    .option('--to <instant>', 'recorded before (ISO-8601)')
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--out <file>', 'write here instead of to stdout')
    .action(async (options: { from?: string; to?: string; format: string; out?: string }) => {
      if (options.format !== 'ndjson' && options.format !== 'csv') throw new CliError(`--format expects ndjson or csv, got "${options.format}"`, 2);
      const from = options.from ? parseInstant(options.from, '--from') : undefined;
      const to = options.to ? parseInstant(options.to, '--to') : undefined;
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      const progress = new Progress('export');
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      let count = 0;
      if (options.format === 'csv') await write(CSV_HEADER);
      for await (const e of exportEvents(await ctx().database(), { from, to })) {
        await write(options.format === 'csv' ? toCsvRow(e) : toNdjsonLine(e));
        count += 1;
        progress.update(count);
      }
      if (options.out) {
        (out as ReturnType<typeof createWriteStream>).end();
        await once(out, 'finish');
      }
      progress.finish(`${count} events exported`);
    });

  return audit;
}
