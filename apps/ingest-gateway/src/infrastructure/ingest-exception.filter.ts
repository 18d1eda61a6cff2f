import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { classifyFailure } from '@orderflow/messaging';
import { AccessDenied } from '@orderflow/security';
import { MAX_BODY_BYTES } from '../ingest-messages/ingest-batch';
import { IngestError } from '../ingest-messages/ingest-error';

/** What body-parser hands on (http-errors): a status, whether its message may be shown, often a type. */
interface BodyParserError {
  status: number;
  expose: boolean;
  type?: string;
  message: string;
}

interface ErrorAnswer {
  status: number;
  message: string;
  details?: object;
}

/**
 * Every error answer of the gateway, in one shape: `{ statusCode, error, message, ...details }`.
 * Unexpected errors are logged with their stack and answered with a generic 500: no internals leak.
 */
@Catch()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('IngestGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, message, details } = this.describe(exception);
    if (response.headersSent) return;
    // The infrastructure is away for now (database, broker): say so, and when to try again.
    if (status === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', '1');
    response.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...details });
  }

  private describe(exception: unknown): ErrorAnswer {
    if (exception instanceof IngestError) {
      return { status: exception.status, message: exception.message, details: exception.details };
    }
    if (exception instanceof AccessDenied) {
      const { statusCode: _, error: __, message, ...details } = exception.getResponse() as { statusCode: number; error: string; message: string };
      return { status: exception.getStatus(), message, details };
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : body;
      return { status: exception.getStatus(), message: Array.isArray(message) ? message.join('; ') : String(message) };
    }
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.too.large') {
        return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: `body is over the ${MAX_BODY_BYTES}-byte (1 MiB) limit` };
      }
      // Aborted uploads, bad or unsupported Content-Encoding, malformed Content-Length.
      if (exception.status < 500) return { status: exception.status, message: `body could not be read: ${exception.message}` };
    }
    const kind = classifyFailure(exception);
    if (kind === 'transient' || kind === 'conflict') {
      this.logger.warn(`unavailable for now: ${(exception as Error)?.message ?? String(exception)}`);
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'temporarily unavailable; nothing was recorded, retry the request' };
    }
    this.logger.error(`unexpected error: ${(exception as Error)?.stack ?? String(exception)}`);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error; the request may be retried safely' };
  }
}

function isBodyParserError(value: unknown): value is BodyParserError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BodyParserError).status === 'number' &&
    typeof (value as BodyParserError).expose === 'boolean'
  );
}
