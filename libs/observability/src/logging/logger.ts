import pino, { DestinationStream, Level, Logger } from 'pino';
import pretty from 'pino-pretty';
import { logFields } from './log-fields';

export type { Logger };

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  service: string;
  /** A pino level name (LOG_LEVEL); default info. */
  level?: string;
  /** Human-readable lines instead of JSON. */
  pretty?: boolean;
  /** Where lines go (default stdout); tests capture them here. */
  destination?: DestinationStream;
}

/**
 * A logger writing one JSON object a line: time, level (by name), service, message, and the
 * correlation, causation, trace and span ids of the work in progress. Pretty lines are formatted in
 * this process (no worker thread), synchronously, so nothing is lost when the process exits.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level?.trim().toLowerCase() || 'info';
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL: expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(options.level)}`);
  const destination = options.pretty
    ? pretty({ destination: options.destination ?? process.stdout, sync: true, colorize: !options.destination && process.stdout.isTTY, ignore: 'pid,hostname', singleLine: true })
    : // process.stdout is synchronous on Linux for files, pipes and terminals: nothing is lost at exit.
      (options.destination ?? process.stdout);
  return pino(
    {
      level: level as Level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: logFields,
    },
    destination,
  );
}

/** Pretty when asked for (LOG_FORMAT=pretty), JSON when asked for (LOG_FORMAT=json), else pretty only on a terminal. */
export function prettyLogsWanted(env: NodeJS.ProcessEnv, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  const format = env.LOG_FORMAT?.trim().toLowerCase();
  if (format === undefined || format === '') return stdoutIsTty;
  if (format === 'pretty') return true;
  if (format === 'json') return false;
  throw new Error(`LOG_FORMAT: expected json or pretty, got ${JSON.stringify(env.LOG_FORMAT)}`);
}

let processLogger: Logger | undefined;

/** Makes the process's logger, once, at start: LOG_LEVEL and LOG_FORMAT from the environment. */
export function startLogging(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  processLogger = createLogger({ service, level: env.LOG_LEVEL, pretty: prettyLogsWanted(env) });
  return processLogger;
}

/**
 * The process's logger. Before startLogging (a library used by a test, a tool or the CLI), one that
 * names no service, writes warnings and errors only, and to stderr, so that in-process tests are
 * not flooded and a tool's own output on stdout stays its own.
 */
export function log(): Logger {
  processLogger ??= createLogger({ service: 'orderflow', level: process.env.LOG_LEVEL || 'warn', destination: process.stderr });
  return processLogger;
}
