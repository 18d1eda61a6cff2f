import { CliError } from './cli-context';

/** Option parsers shared by the commands: a bad value is a usage error (exit 2) naming what arrived. */

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new CliError(`expected a non-negative number, got "${value}"`, 2);
  return n;
}

export function probability(value: string): number {
  const p = nonNegativeNumber(value);
  if (p > 1) throw new CliError(`expected a share between 0 and 1, got "${value}"`, 2);
  return p;
}
