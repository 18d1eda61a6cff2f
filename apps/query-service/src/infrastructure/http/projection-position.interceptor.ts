import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { from, map, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ProjectionName, waitForPosition } from '@orderflow/projections';
import { QUERY_CONFIG, QueryConfig } from '../query.config';
import { PositionNotReachedError } from './api-errors';
import { minPosition, parseParams } from './params';
import { JsonText, Projected } from './read-model';

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
 * handler's Projected<T> into the body and the X-Projection-Position header. A JsonText body is
 * sent as the JSON it already is.
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    private readonly dataSource: DataSource,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const source = this.reflector.get<ReadSource | undefined>(READS, context.getHandler());
    if (!source) return next.handle();
    const http = context.switchToHttp();
    const query = http.getRequest<{ query?: Record<string, unknown> }>().query;
    const res = http.getResponse<unknown>();
    const answer = map((result: Projected<unknown>) => {
      const adapter = this.adapterHost.httpAdapter;
      adapter.setHeader(res, POSITION_HEADER, String(result.position));
      if (!(result.body instanceof JsonText)) return result.body;
      adapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
      return result.body.text;
    });
    // Most reads name no position to wait for: straight to the handler.
    if (query?.minPosition === undefined) return next.handle().pipe(answer);
    return from(this.awaitPosition(source, query)).pipe(
      switchMap(() => next.handle()),
      answer,
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
