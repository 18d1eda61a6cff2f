import { z } from 'zod';
import { fieldIssues } from '@orderflow/contracts';
import { BadParametersError, ParameterProblem } from './api-errors';

/**
 * Validates query or path parameters with a strict zod object: unknown parameters are refused
 * (a typo must not silently widen a filter), and every problem names the parameter, what was
 * expected and what arrived.
 */
export function parseParams<S extends z.ZodType>(schema: S, raw: unknown, location: 'query' | 'path' | 'body'): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const problems = fieldIssues(result.error, { input: raw ?? {}, known }).map(
    ({ field, message, received }): ParameterProblem => ({ parameter: field || (location === 'body' ? '(body)' : '(parameters)'), in: location, expected: message, received }),
  );
  throw new BadParametersError(problems);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** A parameter given once: a repeated query parameter arrives as a list. */
const single = (expected: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `required: ${expected}` : `expected a single value: ${expected}`) });

/** Parameter types, each with the wording its 400 uses. */
export const Param = {
  text: (max = 200) => single(`a non-empty text of at most ${max} characters`).min(1, 'expected a non-empty value').max(max, `expected at most ${max} characters`),

  uuid: () =>
    single('a UUID')
      .regex(UUID, 'expected a UUID such as 0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70')
      .transform((s) => s.toLowerCase())
      .meta({ format: 'uuid' }),

  integer: (min: number, max: number) => {
    const expected = `expected an integer from ${min} to ${max}`;
    return single(expected)
      .regex(/^-?\d{1,16}$/, expected)
      .transform(Number)
      .refine((n) => n >= min && n <= max, expected)
      .meta({ type: 'integer', format: 'int64', minimum: min, maximum: max });
  },

  /** A decimal number, such as 0.95. */
  decimal: (min: number, max: number) => {
    const expected = `expected a number from ${min} to ${max}`;
    return single(expected)
      .regex(/^-?\d{1,16}(\.\d{1,16})?$/, expected)
      .transform(Number)
      .refine((n) => n >= min && n <= max, expected)
      .meta({ type: 'number', minimum: min, maximum: max });
  },

  /** true or false. */
  flag: () =>
    single('true or false')
      .refine((s) => s === 'true' || s === 'false', 'expected true or false')
      .transform((s) => s === 'true')
      .meta({ type: 'boolean' }),

  /** An ISO-8601 instant with a time zone. */
  instant: () => {
    const expected = 'expected an ISO-8601 date-time with a time zone, such as 2026-03-02T09:30:00Z';
    return single(expected)
      .refine((s) => isoDateTime.safeParse(s).success, expected)
      .transform((s) => new Date(s))
      .meta({ format: 'date-time' });
  },

  /** A date (midnight UTC) or an instant. */
  dateOrInstant: () => {
    const expected = 'expected an ISO-8601 date (2026-03-02, midnight UTC) or date-time (2026-03-02T09:30:00Z)';
    return single(expected)
      .refine((s) => isoDate.safeParse(s).success || isoDateTime.safeParse(s).success, expected)
      .transform((s) => new Date(isoDate.safeParse(s).success ? `${s}T00:00:00.000Z` : s))
      .meta({ format: 'date-time' });
  },

  oneOf: <T extends string>(values: readonly T[]) => {
    const expected = `expected one of ${values.join(', ')}`;
    return single(expected)
      .refine((s): s is T => (values as readonly string[]).includes(s), expected)
      .meta({ enum: [...values] }) as unknown as z.ZodType<T>;
  },

  /** A comma-separated list of allowed values. */
  listOf: <T extends string>(values: readonly T[]) => {
    const expected = `expected one or more (comma-separated) of ${values.join(', ')}`;
    return single(expected)
      .transform((s) => s.split(',').map((v) => v.trim()))
      .refine((list) => list.length > 0 && list.every((v) => (values as readonly string[]).includes(v)), expected) as unknown as z.ZodType<T[]>;
  },
};

/** Read-your-writes: every read accepts it; the position interceptor acts on it. */
export const minPosition = Param.integer(0, Number.MAX_SAFE_INTEGER)
  .optional()
  .describe(
    'Read-your-writes: wait (at most QUERY_MIN_POSITION_TIMEOUT_MS, 5 s by default) until the event at this global position is reflected, else 409. ' +
      'At most QUERY_MIN_POSITION_MAX_WAITERS requests (100 by default) wait at once per process; beyond that, 503 with Retry-After.',
  );
