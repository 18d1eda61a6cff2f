import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROJECTION_NAMES, ProjectionName, rebuildProjection, RebuildInProgressError } from '@orderflow/projections';
import { ConflictError } from '../infrastructure/http/api-errors';

export type RebuildTarget = ProjectionName | 'all';

/**
 * Rebuilds started over HTTP, run in the background in this process by the same code as
 * `orderflow projections rebuild` (libs/projections rebuild.ts). Progress goes where the CLI's
 * goes, query.projection_status, which GET /projections reports. The rebuild's advisory lock keeps
 * two apart across processes (CLI, other replicas); this process also refuses a second while its
 * own runs.
 */
@Injectable()
export class ProjectionRebuilds implements OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionRebuilds');
  private running?: Promise<unknown>;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Starts a rebuild and resolves once it holds its locks and has recorded itself as rebuilding
   * (so GET /projections says so from the answer on), or rejects with 409 when one is already running.
   */
  async start(target: RebuildTarget): Promise<{ projections: ProjectionName[]; startedAt: string }> {
    const projections = target === 'all' ? [...PROJECTION_NAMES] : [target];
    if (this.running) throw new ConflictError(`a rebuild is already running in this service; follow it on GET /projections`, { projections });
    const startedAt = new Date().toISOString();
    let begun!: () => void;
    const started = new Promise<void>((resolve) => (begun = resolve));
    const rebuild = rebuildProjection(this.dataSource, target, () => begun());
    const run = rebuild.then(
      (results) => this.logger.log(`rebuild of ${target} swapped in: ${results.map((r) => `${r.projection} at position ${r.position}`).join(', ')}`),
      // A failure is recorded in query.projection_status (state failed, error), which GET /projections shows.
      (err: Error) => {
        if (!(err instanceof RebuildInProgressError)) this.logger.error(`rebuild of ${target} failed: ${err.stack ?? err.message}`);
      },
    );
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    try {
      await Promise.race([started, rebuild]);
    } catch (err) {
      if (err instanceof RebuildInProgressError) {
        throw new ConflictError(`${err.message}; follow it on GET /projections`, { projections, projection: err.projection });
      }
      throw err;
    }
    return { projections, startedAt };
  }

  /** A rebuild under way is let finish (or fail and clean up) before the connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }
}
