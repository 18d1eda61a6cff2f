import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { classifyFailure } from '@orderflow/messaging';
import { AccessDenied } from '@orderflow/security';
import { ApiError, ErrorBody, ServerErrorBody, UnavailableError } from './api-errors';
import { POSITION_HEADER } from './projection-position.interceptor';

/**
 * The one place errors become HTTP answers: 400 naming the parameter, 404 with a clear body, 409
 * for a projection that did not reach minPosition in time, 503 with Retry-After while the database
 * is away or out of connections or too many requests already wait for a position, and 500 with a
 * correlation id (logged with the stack; the stack never leaves the server). Answers through Nest's
 * HTTP adapter, so it holds on Express and on Fastify alike.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('QueryApi');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const res = http.getResponse<unknown>();
    const adapter = this.adapterHost.httpAdapter;
    const method = (): string => adapter.getRequestMethod(req);
    const url = (): string => adapter.getRequestUrl(req);
    if (exception instanceof ApiError) {
      if (exception.position !== undefined) adapter.setHeader(res, POSITION_HEADER, String(exception.position));
      if (exception instanceof UnavailableError) {
        adapter.setHeader(res, 'Retry-After', String(exception.retryAfterSeconds));
      }
      adapter.reply(
        res,
        { statusCode: exception.status, error: exception.error, message: exception.message, ...exception.details } satisfies ErrorBody,
        exception.status,
      );
      return;
    }
    if (exception instanceof AccessDenied) {
      // 401, 403 and 429 of the access guard, with the headers it set (WWW-Authenticate, Retry-After).
      adapter.reply(res, exception.getResponse(), exception.getStatus());
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const message =
        status === HttpStatus.NOT_FOUND ? `no such resource: ${method()} ${url().split('?')[0]} (see GET /docs)` : exception.message;
      adapter.reply(res, { statusCode: status, error: HttpStatus[status] ?? 'Error', message } satisfies ErrorBody, status);
      return;
    }
    const correlationId = headerValue(req.headers['x-correlation-id']) ?? randomUUID();
    const kind = classifyFailure(exception);
    if (kind === 'transient' || kind === 'conflict') {
      // The database is away or out of connections for now: say so, and when to ask again.
      this.logger.warn(`${method()} ${url()} unavailable for now [correlation id ${correlationId}]: ${(exception as Error)?.message ?? String(exception)}`);
      adapter.setHeader(res, 'Retry-After', '1');
      adapter.setHeader(res, 'X-Correlation-Id', correlationId);
      adapter.reply(res, { statusCode: 503, error: 'Service Unavailable', message: 'temporarily unavailable; retry the request', correlationId } satisfies ServerErrorBody, 503);
      return;
    }
    const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`${method()} ${url()} failed [correlation id ${correlationId}]: ${detail}`);
    adapter.setHeader(res, 'X-Correlation-Id', correlationId);
    adapter.reply(
      res,
      {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'the request failed on the server; quote the correlation id when reporting it',
        correlationId,
      } satisfies ServerErrorBody,
      500,
    );
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[A-Za-z0-9._:-]{1,100}$/.test(v) ? v : undefined;
}
