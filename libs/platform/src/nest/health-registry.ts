import { Injectable } from '@nestjs/common';
import { ComponentHealth, HealthReporter } from '@orderflow/messaging';

const REPORT_TIMEOUT_MS = 3000;

/**
 * The background loops of a service (its consumer, relay, projectors, timers), each reporting how
 * it is doing. GET /health reads them all: one that is down makes the service 503, named.
 */
@Injectable()
export class HealthRegistry {
  private readonly components = new Map<string, HealthReporter>();

  register(name: string, reporter: HealthReporter): void {
    this.components.set(name, reporter);
  }

  /** Every component's report; one that throws, or takes over 3 s to answer, is reported down. */
  async report(): Promise<Record<string, ComponentHealth>> {
    const entries = await Promise.all(
      [...this.components].map(async ([name, reporter]): Promise<[string, ComponentHealth]> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const answer = Promise.resolve().then(() => reporter.health());
          const late = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${REPORT_TIMEOUT_MS} ms`)), REPORT_TIMEOUT_MS);
          });
          return [name, await Promise.race([answer, late])];
        } catch (err) {
          return [name, { status: 'down', detail: `health check failed: ${(err as Error).message}` }];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
