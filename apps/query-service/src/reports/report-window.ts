import { z } from 'zod';
import { BadParametersError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';

/** [from, to): a date means midnight UTC; without them, the 7 days up to now. */
export interface ReportWindow {
  from: Date;
  to: Date;
}

export const windowParams = {
  from: Param.dateOrInstant().optional(),
  to: Param.dateOrInstant().optional(),
  minPosition,
};

const DAY_MS = 86_400_000;

export function reportWindow<S extends z.ZodObject>(schema: S, query: unknown, now = new Date()): z.infer<S> & ReportWindow {
  const q = parseParams(schema, query, 'query') as z.infer<S> & Partial<ReportWindow>;
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - 7 * DAY_MS);
  if (from >= to) {
    throw new BadParametersError([
      { parameter: 'to', in: 'query', expected: 'expected an instant after "from"', received: (query as Record<string, unknown>).to ?? to.toISOString() },
    ]);
  }
  return { ...q, from, to };
}

/** Duration statistics as SQL returns them (seconds), with hours added for people. */
export interface DurationStats {
  count: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  maxSeconds: number | null;
  p50Hours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
}

/** SQL: json statistics of the `seconds` column of a subquery (percentile_cont, linear interpolation). */
export const durationStatsSql = (subquery: string) =>
  `(SELECT json_build_object('count', count(*),
            'p50Seconds', percentile_cont(0.5) WITHIN GROUP (ORDER BY d.seconds),
            'p90Seconds', percentile_cont(0.9) WITHIN GROUP (ORDER BY d.seconds),
            'maxSeconds', max(d.seconds))
      FROM (${subquery}) d)`;

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 100) / 100);

export function withHours(stats: Omit<DurationStats, 'p50Hours' | 'p90Hours' | 'maxHours'>): DurationStats {
  return { ...stats, p50Hours: hours(stats.p50Seconds), p90Hours: hours(stats.p90Seconds), maxHours: hours(stats.maxSeconds) };
}
