import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, LeaderLock, sealStreamHeads } from '@orderflow/event-store';
import { auditKeyOf, CLOCK, HealthRegistry, PeriodicTask, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { QUERY_CONFIG, QueryConfig } from '../infrastructure/query.config';

/**
 * Seals every stream's head every AUDIT_SEAL_INTERVAL_MS when the seals' key is configured
 * (docs/adr/0019). One replica seals at a time: the one holding the sealer's leader lock; the others
 * stand by and take over when its session ends.
 */
@Injectable()
export class StreamHeadSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSeals');
  private readonly key?: Buffer;
  private readonly lock: LeaderLock;
  private task?: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {
    this.key = auditKeyOf(config);
    this.lock = new LeaderLock(dataSource, 'orderflow:audit-sealer');
  }

  /** Whether this replica is the one sealing. */
  get leading(): boolean {
    return this.lock.held;
  }

  onApplicationBootstrap(): void {
    if (!this.key) {
      this.logger.warn('AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_FILE) is not set: stream heads are not sealed, so a removed tail or stream goes unnoticed');
      return;
    }
    if (this.config.AUDIT_SEAL_INTERVAL_MS === 0) return;
    this.task = new PeriodicTask({
      name: 'audit seal',
      everyMs: this.config.AUDIT_SEAL_INTERVAL_MS,
      stuckAfterMs: this.platform.HEALTH_STUCK_AFTER_MS,
      logger: this.logger,
      pass: () => this.sealOnce(),
    });
    this.health.register('audit-seal', this.task);
    this.task.start();
  }

  /** One pass: seals what changed since the last seal, if this replica leads. */
  async sealOnce(): Promise<string | void> {
    if (!this.key) return;
    if (!(await this.lock.stillHeld()) && !(await this.lock.tryAcquire())) return;
    const { seals, heads, upto } = await sealStreamHeads(this.dataSource, this.key, { clock: this.clock });
    const last = seals.at(-1);
    // The newest signature in the log is a copy of the evidence outside the database (ADR 19).
    if (last) return `sealed ${heads} stream heads up to position ${upto.globalPosition}: seal ${last.sealId}, signature ${last.signature}`;
  }

  /** Before the platform closes the DataSource. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.task?.stop();
    await this.lock.release();
  }
}
