import { ComponentHealth, HealthReporter } from '@orderflow/messaging';

export interface PeriodicTaskOptions {
  /** Names the task in logs and /health. */
  name: string;
  everyMs: number;
  /** One pass; resolves with a line worth logging, or nothing. */
  pass: () => Promise<string | void>;
  /** A pass still going after this long is stuck: /health answers 503 naming the task (default 60 s). */
  stuckAfterMs?: number;
  logger: { log(message: string): void; error(message: string): void };
}

/**
 * A timer that runs one pass at a time (a pass still going makes the next tick skip) until stopped.
 * A failing pass is logged, reported `degraded` in /health, and retried at the next tick.
 */
export class PeriodicTask implements HealthReporter {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private passStartedAt?: number;
  private failingSince?: Date;
  private lastError?: string;

  constructor(private readonly options: PeriodicTaskOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs);
    this.timer.unref();
  }

  /** Runs a pass now, unless one is going (then waits for that one). */
  runOnce(): Promise<void> {
    if (!this.running) this.passStartedAt = Date.now();
    this.running ??= this.options
      .pass()
      .then((line) => {
        this.failingSince = undefined;
        if (line) this.options.logger.log(line);
      })
      .catch((err: unknown) => {
        this.failingSince ??= new Date();
        this.lastError = err instanceof Error ? err.message : String(err);
        this.options.logger.error(`${this.options.name} failed, retried at the next tick: ${this.lastError}`);
      })
      .finally(() => {
        this.running = undefined;
        this.passStartedAt = undefined;
      });
    return this.running;
  }

  health(): ComponentHealth {
    const passing = this.passStartedAt === undefined ? 0 : Date.now() - this.passStartedAt;
    if (passing > (this.options.stuckAfterMs ?? 60_000)) {
      return { status: 'down', detail: `stuck: ${this.options.name} has been running for ${Math.round(passing / 1000)} s`, since: new Date(this.passStartedAt!).toISOString() };
    }
    return this.failingSince
      ? { status: 'degraded', detail: `${this.options.name} failing: ${this.lastError}`, since: this.failingSince.toISOString() }
      : { status: 'up' };
  }

  /** Stops the timer and lets a pass in progress finish while the database is still there. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
