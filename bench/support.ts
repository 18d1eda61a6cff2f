import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A measured run: how many units in how long. */
export interface Measurement {
  name: string;
  units: number;
  seconds: number;
  perSecond: number;
}

export async function measure(name: string, units: number, run: () => Promise<void>): Promise<Measurement> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, units, seconds, perSecond: units / seconds };
}

/** Prints baseline and candidate side by side with their ratio, and keeps the numbers in bench/results/. */
export function report(bench: string, baseline: Measurement, candidate: Measurement, notes: Record<string, unknown> = {}): void {
  const ratio = candidate.perSecond / baseline.perSecond;
  const row = (m: Measurement) => `  ${m.name.padEnd(44)} ${m.units} in ${m.seconds.toFixed(2)} s = ${m.perSecond.toFixed(0)}/s`;
  console.log(`\n${bench}\n${row(baseline)}\n${row(candidate)}\n  ratio (candidate / baseline): ${ratio.toFixed(2)}x\n`);
  const dir = resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ bench, baseline, candidate, ratio, notes, machine: { node: process.version, cpus: require('node:os').cpus().length } }, null, 2));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps a benchmark's numbers as JSON in bench/results/ (not committed). */
export function writeResult(bench: string, result: Record<string, unknown>): string {
  const dir = resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ bench, ...result, machine: { node: process.version, cpus: require('node:os').cpus().length } }, null, 2));
  return file;
}
