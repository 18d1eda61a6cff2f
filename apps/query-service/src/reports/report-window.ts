import { z } from 'zod';
import { BadParametersError } from '../infrastructure/http/api-errors';
import { minPosition, Param, parseParams } from '../infrastructure/http/params';

/**
 * [from, to): a date means midnight UTC; without them, the 7 days up to now (without `from`, the
 * 7 days before `to`). A window is at most QUERY_REPORT_MAX_DAYS long, so no request makes a
 * report scan all of history.
 */
export const ReportWindow = z.object({ from: z.date(), to: z.date() });
export type ReportWindow = z.infer<typeof ReportWindow>;

export const windowParams = {
  from: Param.dateOrInstant()
    .optional()
    .describe(
      'Start of the window, inclusive: a date (midnight UTC) or date-time. Default: 7 days before `to`. ' +
        'At most QUERY_REPORT_MAX_DAYS (366 by default) before `to`; an earlier `from` is a 400 naming it.',
    ),
  to: Param.dateOrInstant().optional().describe('End of the window, exclusive: a date (midnight UTC) or date-time. Default: now.'),
  minPosition,
};

const DAY_MS = 86_400_000;
export const DEFAULT_REPORT_DAYS = 7;

export function reportWindow<S extends z.ZodObject>(
  schema: S,
  query: unknown,
  { maxDays, now = new Date() }: { maxDays: number; now?: Date },
): z.infer<S> & ReportWindow {
  const q = parseParams(schema, query, 'query') as z.infer<S> & Partial<ReportWindow>;
  const raw = (query ?? {}) as Record<string, unknown>;
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - Math.min(DEFAULT_REPORT_DAYS, maxDays) * DAY_MS);
  if (from >= to) {
    throw new BadParametersError([{ parameter: 'to', in: 'query', expected: 'expected an instant after "from"', received: raw.to ?? to.toISOString() }]);
  }
  const earliest = new Date(to.getTime() - maxDays * DAY_MS);
  if (from < earliest) {
    throw new BadParametersError([
      {
        parameter: 'from',
        in: 'query',
        expected: `expected a window of at most ${maxDays} days: no earlier than ${earliest.toISOString()} (${maxDays} days before "to")`,
        received: raw.from,
      },
    ]);
  }
  return { ...q, from, to };
}

const duration = z.number().nullable();

/** Duration statistics as SQL returns them (seconds), with hours added for people. */
export const DurationStats = z.object({
  count: z.number().int().describe('How many durations'),
  p50Seconds: duration,
  p90Seconds: duration,
  maxSeconds: duration,
  p50Hours: duration,
  p90Hours: duration,
  maxHours: duration,
});
export type DurationStats = z.infer<typeof DurationStats>;

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
