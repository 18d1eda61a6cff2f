import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { classifyFailure } from '@orderflow/messaging';
import { ApiError } from './api-errors';
import { POSITION_HEADER } from './projection-position.interceptor';

/**
 * The one place errors become HTTP answers: 400 naming the parameter, 404 with a clear body, 409
 * for a projection that did not reach minPosition in time, 503 with Retry-After while the database
 * is away or out of connections, and 500 with a correlation id (logged
 * with the stack; the stack never leaves the server).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('QueryApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (exception instanceof ApiError) {
      if (exception.position !== undefined) res.setHeader(POSITION_HEADER, String(exception.position));
      res.status(exception.status).json({
        statusCode: exception.status,
        error: exception.error,
        message: exception.message,
        ...exception.details,
      });
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const message =
        status === HttpStatus.NOT_FOUND ? `no such resource: ${req.method} ${req.path} (see GET /docs)` : exception.message;
      res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message });
      return;
    }
    const correlationId = headerValue(req.headers['x-correlation-id']) ?? randomUUID();
    const kind = classifyFailure(exception);
    if (kind === 'transient' || kind === 'conflict') {
      // The database is away or out of connections for now: say so, and when to ask again.
      this.logger.warn(`${req.method} ${req.originalUrl} unavailable for now [correlation id ${correlationId}]: ${(exception as Error)?.message ?? String(exception)}`);
      res.setHeader('Retry-After', '1');
      res.setHeader('X-Correlation-Id', correlationId);
      res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: 'temporarily unavailable; retry the request', correlationId });
      return;
    }
    const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`${req.method} ${req.originalUrl} failed [correlation id ${correlationId}]: ${detail}`);
    res.setHeader('X-Correlation-Id', correlationId);
    res.status(500).json({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'the request failed on the server; quote the correlation id when reporting it',
      correlationId,
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[A-Za-z0-9._:-]{1,100}$/.test(v) ? v : undefined;
}
