import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest turns an error thrown by an @EventPattern handler into a generic `{ status: 'error' }`
 * object. The reliable consumer needs the error itself — a ConcurrencyError is retried at once, a
 * DomainError dead-lettered at once with its message — so message handlers' errors pass through as
 * they were thrown.
 */
@Catch()
export class RethrowRpcErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
