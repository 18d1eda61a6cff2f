import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { from, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { storedPosition } from '@orderflow/event-store';
import { PersonalData } from '@orderflow/privacy';
import { checkPosition, ProjectionName } from '@orderflow/projections';
import { QUERY_CONFIG, QueryConfig } from '../query.config';
import { PositionNotReachedError, UnavailableError } from './api-errors';
import { minPosition, parseParams } from './params';
import { PositionCheck, PositionWaits } from './position-waits';
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
 * projection reflects `minPosition`, else 409 naming the position reached (503 when the database
 * did not answer in time); at most QUERY_MIN_POSITION_MAX_WAITERS requests wait at once, and the
 * rest are answered 503 with Retry-After (ADR 0021). Then unwraps the handler's Projected<T> into
 * the body and the X-Projection-Position header. A JsonText body is sent as the JSON it already is.
 * Personal fields are opened here, on the way out (docs/adr/0022): projections and the store keep
 * them sealed, and an erased customer's fields are answered as "[erased]".
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  private readonly waits: PositionWaits;

  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    private readonly dataSource: DataSource,
    private readonly personalData: PersonalData,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {
    this.waits = new PositionWaits({ timeoutMs: config.QUERY_MIN_POSITION_TIMEOUT_MS, maxWaiters: config.QUERY_MIN_POSITION_MAX_WAITERS });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const source = this.reflector.get<ReadSource | undefined>(READS, context.getHandler());
    if (!source) return next.handle();
    const http = context.switchToHttp();
    const query = http.getRequest<{ query?: Record<string, unknown> }>().query;
    const res = http.getResponse<unknown>();
    const answer = switchMap(async (result: Projected<unknown>) => {
      const adapter = this.adapterHost.httpAdapter;
      adapter.setHeader(res, POSITION_HEADER, String(result.position));
      const text = result.body instanceof JsonText ? result.body.text : JSON.stringify(result.body);
      if (text === undefined) return result.body;
      adapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
      return (await this.personalData.openJson(text)).text;
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
    const what = source === 'store' ? 'event store' : source;
    const result = await this.waits.until(() => this.check(source, wanted));
    switch (result.outcome) {
      case 'reached':
        return;
      case 'timed-out':
        if (result.check) throw new PositionNotReachedError(what, wanted, result.check.position, timeoutMs);
        throw new UnavailableError(`could not learn within ${timeoutMs} ms whether the ${what} reflects position ${wanted}: the database did not answer in time; retry`, 1, {
          requestedPosition: wanted,
        });
      case 'busy': {
        const retryAfter = Math.max(1, Math.ceil(timeoutMs / 1000));
        throw new UnavailableError(
          `${this.config.QUERY_MIN_POSITION_MAX_WAITERS} requests are already waiting for a position to be reflected, the most this service lets wait at once; retry after ${retryAfter} s`,
          retryAfter,
          { requestedPosition: wanted },
        );
      }
    }
  }

  private async check(source: ReadSource, wanted: number): Promise<PositionCheck> {
    if (source !== 'store') return checkPosition(this.dataSource, source, wanted);
    const { stored, head } = await storedPosition(this.dataSource, wanted);
    return { reached: wanted === 0 || stored, position: head };
  }
}
