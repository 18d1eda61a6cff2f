import { CheckReport, Finding } from './checker';
import { InjectedFault } from './faults';

/** Everything a chaos run did and found: what the table prints and summary.json keeps. */
export interface ChaosSummary {
  seed: string;
  ordersAsked: number;
  rate: number;
  processes: string;
  wallSeconds: number;
  phases: Record<string, number>;
  faults: InjectedFault[];
  faultsPlanned: number;
  sent: Record<string, number>;
  withheld: number;
  resends: number;
  listenerCrashes: number;
  listenerReplacements: number;
  unplannedExits: { replica: string; exits: string[] }[];
  settled: { ok: boolean; seconds: number; note: string };
  checks: CheckReport;
  rebuild: { seconds: number; rows: number };
  logDir: string;
}

/** The checks that failed, by name; empty means the run passed. */
export function failures(summary: ChaosSummary): string[] {
  const { checks } = summary;
  const failed = [...checks.lost, ...checks.doubled, ...checks.stock, ...checks.rebuild].filter((f) => f.count > 0).map((f) => f.check);
  if (checks.deadLetters.total - checks.deadLetters.deliberate > 0) failed.push('dead letters produced by the faults');
  if (!summary.settled.ok) failed.push('the system did not settle');
  for (const f of summary.faults) if (f.error) failed.push(`fault did not recover: ${f.name}`);
  if (summary.faults.length < summary.faultsPlanned) failed.push(`only ${summary.faults.length} of ${summary.faultsPlanned} faults injected`);
  return failed;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);
const rule = (title: string) => `── ${title} ${'─'.repeat(Math.max(0, 96 - title.length))}`;

export function renderSummary(summary: ChaosSummary): string {
  const out: string[] = [];
  const failed = failures(summary);
  out.push('');
  out.push(rule('CHAOS RUN'));
  out.push(`  seed ${summary.seed}; ${summary.checks.totals['orders accepted by Kafka'] ?? 0} orders at ${summary.rate}/s to ${summary.processes}; wall time ${summary.wallSeconds.toFixed(0)} s`);
  out.push(`  phases: ${Object.entries(summary.phases).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}`);
  out.push('');
  out.push(rule('WHAT IT DID: faults (times from the first order)'));
  out.push(`  ${pad('#', 3)}${lpad('at s', 7)}${lpad('lasted s', 10)}   ${pad('fault', 40)}detail`);
  summary.faults.forEach((f, i) =>
    out.push(`  ${pad(i + 1, 3)}${lpad(f.startedAt.toFixed(1), 7)}${lpad(f.durationSeconds.toFixed(1), 10)}   ${pad(f.name, 40)}${f.error ? `NOT RECOVERED: ${f.error}` : f.detail}`),
  );
  out.push('');
  out.push(rule('WHAT IT DID: load (messages acknowledged by Kafka)'));
  const sent = Object.entries(summary.sent).sort((a, b) => b[1] - a[1]);
  for (let i = 0; i < sent.length; i += 4) out.push(`  ${sent.slice(i, i + 4).map(([t, n]) => `${pad(t, 27)}${lpad(n, 6)}`).join('   ')}`);
  out.push(`  deliberately bad input withheld: ${summary.withheld} (so every dead letter counts); batches resent after a failed send: ${summary.resends}; the load's own consumer crashed ${summary.listenerCrashes} time(s) and was replaced ${summary.listenerReplacements} time(s) for going deaf`);
  out.push(
    `  exits nobody asked for: ${summary.unplannedExits.length === 0 ? 'none' : summary.unplannedExits.map((u) => `${u.replica} ${u.exits.join(', ')}`).join('; ')}`,
  );
  out.push(`  settled: ${summary.settled.ok ? 'yes' : 'NO'} after ${summary.settled.seconds.toFixed(0)} s (${summary.settled.note})`);
  out.push(
    `  the simulated parties heard everything: ${summary.checks.listenerLag === 0 ? 'yes' : `NO, ${summary.checks.listenerLag} records of shipping.events and channel.notifications were not consumed by them (if orders are lost, suspect the load first)`}`,
  );
  out.push('');
  out.push(rule('WHAT IT FOUND'));
  out.push(`  ${pad('', 14)}${pad('check', 74)}${lpad('count', 7)}`);
  const section = (label: string, findings: Finding[]) => {
    findings.forEach((f, i) => {
      out.push(`  ${pad(i === 0 ? label : '', 14)}${pad(f.check, 74)}${lpad(f.count, 7)}  ${f.count ? 'FAIL' : 'ok'}`);
      for (const e of f.examples.slice(0, 3)) out.push(`  ${pad('', 16)}e.g. ${e}`);
    });
  };
  section('LOST', summary.checks.lost);
  section('DOUBLED', summary.checks.doubled);
  section('STOCK', summary.checks.stock);
  const dl = summary.checks.deadLetters;
  const faultDl = dl.total - dl.deliberate;
  out.push(`  ${pad('DEAD LETTERS', 14)}${pad(`produced by the faults (${dl.total} in *.dlq − ${dl.deliberate} deliberate)`, 74)}${lpad(faultDl, 7)}  ${faultDl ? 'FAIL' : 'ok'}`);
  for (const [topic, n] of Object.entries(dl.byTopic)) if (n) out.push(`  ${pad('', 16)}${lpad(n, 6)} in ${topic}`);
  for (const r of dl.reasons.slice(0, 8)) out.push(`  ${pad('', 16)}${lpad(r.count, 6)} × ${r.consumer} on ${r.sourceTopic}: ${r.example.slice(0, 160)}`);
  section('REBUILD', summary.checks.rebuild);
  out.push(`  ${pad('', 16)}(${summary.rebuild.rows} live rows compared; rebuild took ${summary.rebuild.seconds.toFixed(0)} s)`);
  out.push('');
  out.push(rule('CHECKED'));
  for (const [k, v] of Object.entries(summary.checks.totals)) out.push(`  ${pad(k, 40)}${lpad(v, 8)}`);
  out.push('');
  out.push(`  service logs: ${summary.logDir}`);
  out.push(rule(failed.length ? `VERDICT: FAIL (${failed.length} check${failed.length === 1 ? '' : 's'})` : 'VERDICT: PASS'));
  for (const f of failed) out.push(`  ✗ ${f}`);
  out.push('');
  return out.join('\n');
}
