import { issueText } from '@orderflow/contracts';

/** One problem with one request parameter: which, what was expected, what arrived. */
export interface ParameterProblem {
  parameter: string;
  in: 'query' | 'path';
  expected: string;
  received: unknown;
}

/** An answer other than 200, with a clear body. The one error type of the HTTP boundary. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The projection position the answer reflects, when one was read. */
    readonly position?: number,
  ) {
    super(message);
  }
}

export class BadParametersError extends ApiError {
  constructor(readonly problems: ParameterProblem[]) {
    super(
      400,
      'Bad Request',
      problems.map((p) => issueText({ field: p.parameter, message: p.expected, received: p.received }, (name) => `${p.in} parameter "${name}"`)).join('; '),
      { problems },
    );
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string, details: Record<string, unknown> = {}, position?: number) {
    super(404, 'Not Found', message, details, position);
  }
}

export class PositionNotReachedError extends ApiError {
  constructor(projection: string, requested: number, reached: number, timeoutMs: number) {
    super(
      409,
      'Conflict',
      `the ${projection} projection has not reflected position ${requested} within ${timeoutMs} ms; it has reached position ${reached}`,
      { projection, requestedPosition: requested, projectionPosition: reached },
      reached,
    );
  }
}

/** 503: nothing is wrong with the request, but it cannot be answered now; ask again after Retry-After. */
export class UnavailableError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details: Record<string, unknown> = {},
  ) {
    super(503, 'Service Unavailable', message, details);
  }
}
