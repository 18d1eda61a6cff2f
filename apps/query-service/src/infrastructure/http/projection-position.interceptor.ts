import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, map, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ProjectionName, waitForPosition } from '@orderflow/projections';
import { QUERY_CONFIG, QueryConfig } from '../query.config';
import { PositionNotReachedError } from './api-errors';
import { minPosition, parseParams } from './params';
import { Projected } from './read-model';

export const POSITION_HEADER = 'X-Projection-Position';

/** What a route reads: a projection, or the event store itself (audit, projection status). */
export type ReadSource = ProjectionName | 'store';

const READS = 'query:reads';

/** Marks a route as a read of `source`: it honours minPosition and answers with X-Projection-Position. */
export const Reads = (source: ReadSource) => SetMetadata(READS, source);

const MinPosition = z.object({ minPosition }).loose();

/**
 * Read-your-writes for every marked route: waits (at most QUERY_MIN_POSITION_TIMEOUT_MS) until the
 * projection reflects `minPosition`, else 409 naming the position reached; then unwraps the
 * handler's Projected<T> into the body and the X-Projection-Position header.
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const source = this.reflector.get<ReadSource | undefined>(READS, context.getHandler());
    if (!source) return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return from(this.awaitPosition(source, req.query)).pipe(
      switchMap(() => next.handle()),
      map((result: Projected<unknown>) => {
        res.setHeader(POSITION_HEADER, String(result.position));
        return result.body;
      }),
    );
  }

  private async awaitPosition(source: ReadSource, query: unknown): Promise<void> {
    const wanted = parseParams(MinPosition, query, 'query').minPosition;
    if (wanted === undefined) return;
    const timeoutMs = this.config.QUERY_MIN_POSITION_TIMEOUT_MS;
    if (source === 'store') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = (await this.dataSource.query(
          `SELECT EXISTS (SELECT 1 FROM events WHERE global_position = $1) AS visible,
                  coalesce((SELECT max(global_position) FROM events), 0) AS head`,
          [wanted],
        )) as { visible: boolean; head: string }[];
        if (wanted === 0 || row.visible) return;
        if (Date.now() >= deadline) throw new PositionNotReachedError('event store', wanted, Number(row.head), timeoutMs);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    const check = await waitForPosition(this.dataSource, source, wanted, { timeoutMs });
    if (!check.reached) throw new PositionNotReachedError(source, wanted, check.position, timeoutMs);
  }
}
