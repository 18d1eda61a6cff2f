import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fieldIssues, issuesText } from '@orderflow/contracts';
import { dbRoleOf } from '@orderflow/event-store';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A stream is hot for seconds (an order from placed to allocated): a few seconds of orders at full rate. */
export const DEFAULT_STREAM_CACHE_SIZE = 1000;

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** An optional variable, where set-but-empty (as compose files often leave them) means unset. */
export const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalBoolean = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.enum(['true', 'false'], { message: 'expected true or false' }).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
);

/** Settings every service shares. Defaults work on a developer machine with the project's scripts. */
export const platformEnvSchema = z.object({
  /** Unset: the local database as the service's own role (`databaseUrlOf`, ADR 23). */
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// URL').optional(),
  ),
  /** A file holding the role's password, for a DATABASE_URL without one (`npm start` makes them). */
  DATABASE_PASSWORD_FILE: optionalText,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((b) => hostPort.test(b)), 'expected comma-separated host:port pairs'),
  /** Prefix for every topic name, so several deployments (or test runs) can share one cluster. */
  TOPIC_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"')
    .default(''),
  KAFKA_LOG_LEVEL: z.enum(['NOTHING', 'ERROR', 'WARN', 'INFO', 'DEBUG']).default('WARN'),
  /** A consumer's fetch returns once this many bytes are ready, or after KAFKA_FETCH_MAX_WAIT_MS. */
  KAFKA_FETCH_MIN_BYTES: z.coerce.number().int().min(1).max(16_777_216).default(1),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(10_000).default(250),
  /**
   * SASL and TLS towards the brokers, for a managed cluster (docs/adr/0020). Each is checked for its
   * form here; kafkaBusConfig checks how they combine and reads the files.
   */
  KAFKA_SASL_MECHANISM: z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['scram-sha-256', 'scram-sha-512', 'plain'], { message: 'expected scram-sha-256, scram-sha-512 or plain' }).optional(),
  ),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
  KAFKA_SASL_PASSWORD_FILE: optionalText,
  KAFKA_TLS: optionalBoolean,
  KAFKA_TLS_CA_FILE: optionalText,
  KAFKA_TLS_CERT_FILE: optionalText,
  KAFKA_TLS_KEY_FILE: optionalText,
  KAFKA_TLS_REJECT_UNAUTHORIZED: optionalBoolean,
  /**
   * Days a service remembers what it has already done (consumers' inbox, the gateway's ledger), so a
   * redelivery is still recognised. Keep it above the inbound topics' retention and the consumer
   * groups' offset retention (both 7 days by default in Kafka).
   */
  IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /**
   * How long a background loop (relay, projector, timer pass) may make no progress while it has
   * work before /health calls it stuck and answers 503 naming it.
   */
  HEALTH_STUCK_AFTER_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Streams whose last state a service keeps in memory between transactions (0: none, read every time). */
  STREAM_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_STREAM_CACHE_SIZE),
  /** Requests a second one API key may make of one service replica, on average (0: no limit)... */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(100),
  /** ...and in a burst. */
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
});

export type PlatformConfig = z.infer<typeof platformEnvSchema>;

/**
 * The URL `service` (a service's name, or 'cli') connects with: DATABASE_URL, or the local
 * database as the service's own role, with the password of DATABASE_PASSWORD_FILE when the URL has
 * none.
 */
export function databaseUrlOf(config: Pick<PlatformConfig, 'DATABASE_URL' | 'DATABASE_PASSWORD_FILE'>, service: string): string {
  const role = config.DATABASE_URL ? undefined : dbRoleOf(service);
  if (!config.DATABASE_URL && !role) throw new ConfigError(`DATABASE_URL: not set, and ${service} has no database role of its own to default to`);
  const url = new URL(config.DATABASE_URL ?? `postgres://${role}@127.0.0.1:5432/orderflow`);
  if (config.DATABASE_PASSWORD_FILE && !url.password) {
    let password: string;
    try {
      password = readFileSync(config.DATABASE_PASSWORD_FILE, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`DATABASE_PASSWORD_FILE: cannot read ${config.DATABASE_PASSWORD_FILE}: ${(err as Error).message}`);
    }
    if (!password) throw new ConfigError(`DATABASE_PASSWORD_FILE: ${config.DATABASE_PASSWORD_FILE} is empty`);
    url.password = encodeURIComponent(password);
  }
  return url.toString();
}

/** Variables whose values a refusal never repeats. */
export const isSecretVariable = (name: string): boolean => /PASSWORD|SECRET|TOKEN/i.test(name);

/**
 * Reads and validates environment variables once, at start-up. A bad value stops the process with
 * a message naming the variable, what was expected and what arrived.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = fieldIssues(result.error, { input: env }).map((issue) => (isSecretVariable(issue.field) ? { ...issue, hidden: true } : issue));
  // A variable is named as it is written in the environment, unquoted.
  throw new ConfigError(`invalid configuration: ${issuesText(problems, (name) => name || '(environment)')}`);
}

/**
 * An environment variable holding JSON, validated by `schema`; `fallback` when unset. A value
 * that is not JSON fails with the parser's message, under the variable's name.
 */
export function jsonEnv<S extends z.ZodType>(schema: S, fallback: z.infer<S>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      try {
        return JSON.parse(raw) as unknown;
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `expected JSON: ${(err as Error).message}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
