import { DomainError } from '@orderflow/decider';
import { isConcurrencyError } from '@orderflow/event-store';

/**
 * The one place that decides what a failure means, for every consumer, relay and projector:
 * - `conflict`: a lost race (optimistic concurrency, serialization failure, deadlock). Reload and
 *   decide again at once; a long run of them is waited out like a transient failure.
 * - `transient`: the infrastructure is unwell (database or broker unreachable, a connection reset
 *   or terminated, a lock or statement timeout, the server shutting down or out of resources).
 *   Waited out, however long it lasts: the partition pauses and retries with capped backoff. It
 *   never reaches a dead-letter topic and never skips ahead.
 * - `permanent`: the message itself is wrong (a domain refusal, an unprocessable message, data
 *   PostgreSQL refuses to store). Dead-lettered at once with the reason.
 * - `unknown`: anything else (most likely a bug). Retried a bounded number of times while the
 *   infrastructure answers; only then set aside, so one bad message cannot stop its partition.
 */
export type FailureClass = 'conflict' | 'transient' | 'permanent' | 'unknown';

/**
 * A well-formed message that can never be applied (it names an unknown shipment, say): retrying
 * cannot help, so it goes straight to the dead-letter topic with this reason.
 */
export class UnprocessableMessage extends Error {
  override readonly name = 'UnprocessableMessage';
}

/** PostgreSQL SQLSTATEs of lost races: serialization failure, deadlock, a concurrent insert of the same key. */
const CONFLICT_CODES = new Set(['40001', '40P01', '23505']);

/**
 * PostgreSQL SQLSTATE classes and codes that say nothing about the message: connection exceptions
 * (08), insufficient resources (53), operator intervention (57: admin/crash shutdown, cannot
 * connect now, statement timeout), system errors (58), lock_not_available (55P03) and
 * idle_in_transaction_session_timeout (25P03).
 */
const TRANSIENT_CODE_CLASSES = ['08', '53', '57', '58'];
const TRANSIENT_CODES = new Set(['55P03', '25P03', '40003']);

/** Socket-level errors of any client (pg, kafkajs, http). */
const TRANSIENT_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres, its pool and TypeORM say when a connection goes away or cannot be had. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error and is not queryable/i,
  /cannot use a pool after calling end/i,
  /query read timeout/i,
  /connection (is )?not (yet )?(open|established|set)/i,
  /server closed the connection unexpectedly/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /query runner already released/i,
];

/** kafkajs errors that mean the broker or cluster is unavailable for now. */
const TRANSIENT_KAFKA_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSTimeout',
]);

/** PostgreSQL data exceptions (22) and integrity violations (23): the data cannot be stored. */
function isDataRefusal(code: string): boolean {
  return code.startsWith('22') || code.startsWith('23');
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  errno?: unknown;
  retriable?: boolean;
  cause?: unknown;
  driverError?: unknown;
  originalError?: unknown;
  errors?: unknown;
}

/** The error and everything it wraps (TypeORM's driverError, kafkajs's cause chains, AggregateError). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 16) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || out.includes(e as ErrorLike)) continue;
    const like = e as ErrorLike;
    out.push(like);
    queue.push(like.driverError, like.originalError, like.cause);
    if (Array.isArray(like.errors)) queue.push(...like.errors);
  }
  return out;
}

export function classifyFailure(err: unknown): FailureClass {
  const errors = chain(err);
  if (errors.length === 0) return 'unknown';
  const [outer] = errors;
  if (outer instanceof DomainError || outer instanceof UnprocessableMessage) return 'permanent';
  if (isConcurrencyError(outer)) return 'conflict';
  for (const e of errors) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && CONFLICT_CODES.has(code)) return 'conflict';
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
      if (TRANSIENT_CODES.has(code) || TRANSIENT_CODE_CLASSES.some((c) => code.startsWith(c))) return 'transient';
      if (isDataRefusal(code)) return 'permanent';
    }
    if (code && TRANSIENT_ERRNOS.has(code)) return 'transient';
    if (e.name && TRANSIENT_KAFKA_ERRORS.has(e.name)) return 'transient';
    if (e.name?.startsWith('KafkaJS') && e.retriable === true) return 'transient';
    if (e.message && TRANSIENT_MESSAGES.some((m) => m.test(e.message!))) return 'transient';
  }
  return 'unknown';
}

export function describeFailure(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === 'object') {
    try {
      return JSON.stringify(err);
    } catch {
      return Object.prototype.toString.call(err);
    }
  }
  return String(err);
}
