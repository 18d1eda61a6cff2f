import { Injectable } from '@nestjs/common';
import { ComponentHealth, HealthReporter } from '@orderflow/messaging';

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

  report(): Record<string, ComponentHealth> {
    const out: Record<string, ComponentHealth> = {};
    for (const [name, reporter] of this.components) {
      try {
        out[name] = reporter.health();
      } catch (err) {
        out[name] = { status: 'down', detail: `health check failed: ${(err as Error).message}` };
      }
    }
    return out;
  }
}
