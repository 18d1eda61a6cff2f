import { z } from 'zod';
import { issueText } from '@orderflow/contracts';

/** One problem with one request parameter: which, what was expected, what arrived. */
export const ParameterProblem = z.object({
  parameter: z.string(),
  in: z.enum(['query', 'path', 'body']),
  expected: z.string(),
  received: z.unknown().optional().describe('What arrived (absent when missing).'),
});
export type ParameterProblem = z.infer<typeof ParameterProblem>;

/** The bodies of the answers other than 200 (../../docs/openapi.ts), each the common one and its details. */
export const ErrorBody = z.object({ statusCode: z.number().int(), error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const BadRequestBody = ErrorBody.extend({
  message: z.string().describe('Every problem, in one sentence each.'),
  problems: z.array(ParameterProblem),
});

export const PositionNotReachedBody = ErrorBody.extend({ projection: z.string(), requestedPosition: z.number().int(), projectionPosition: z.number().int() });

export const ServerErrorBody = ErrorBody.extend({ correlationId: z.string() });
export type ServerErrorBody = z.infer<typeof ServerErrorBody>;

type Details<Body extends z.ZodObject> = Omit<z.infer<Body>, keyof ErrorBody>;

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
      problems.map((p) => issueText({ field: p.parameter, message: p.expected, received: p.received }, (name) => (p.in === 'body' ? `body field "${name}"` : `${p.in} parameter "${name}"`))).join('; '),
      { problems } satisfies Details<typeof BadRequestBody>,
    );
  }
}

/** 422: the request is well-formed, but what it carries is refused (a corrected dead letter that breaks its contract). */
export class UnprocessableError extends ApiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(422, 'Unprocessable Entity', message, details);
  }
}

/** 409: the request conflicts with what is going on (a rebuild already running). */
export class ConflictError extends ApiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(409, 'Conflict', message, details);
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
      { projection, requestedPosition: requested, projectionPosition: reached } satisfies Details<typeof PositionNotReachedBody>,
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
