import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask, PeriodicTaskOptions } from '../application/periodic-task';
import { HealthRegistry } from './health-registry';

/**
 * A service's timed check as a Nest provider: its PeriodicTask starts with the application,
 * reports in /health under `healthName`, and finishes its pass before shutdown. A subclass only
 * says what a pass does and how often.
 */
export abstract class ScheduledTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  protected constructor(
    private readonly registry: HealthRegistry,
    private readonly healthName: string,
    options: PeriodicTaskOptions,
  ) {
    this.task = new PeriodicTask(options);
  }

  onApplicationBootstrap(): void {
    this.registry.register(this.healthName, this.task);
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
