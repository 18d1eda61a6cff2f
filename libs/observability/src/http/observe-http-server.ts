import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { withWorkContext } from '../context';
import { log } from '../logging/logger';
import { recordHttpRequest } from '../metrics/http';
import { Attr } from '../tracing/attributes';
import { contextOf } from '../tracing/traceparent';
import { tracer } from '../tracing/tracing';

export interface HttpObservation {
  /** The route template that matched (`/v1/orders/:orderId`), once the framework routed the request. */
  routeOf(req: IncomingMessage): string | undefined;
  /** The key id of the caller the request authenticated as: never the key itself. */
  callerOf(req: IncomingMessage): string | undefined;
  logger?: Logger;
}

/** A caller's X-Correlation-Id is logged only when it is short visible ASCII (as the gateway checks it). */
const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Observes every request the server answers, whatever the framework routes it to (a 404 and a
 * refused key included): a SERVER span that continues the caller's `traceparent` (while tracing is
 * on), the work context its log lines carry, and one access-log line when the response is done:
 * method, route, status, duration and the caller's key id (and the same request in the
 * HTTP duration histogram, by route template); never the path's values, the query or a
 * body. Health probes are logged at debug, so a supervisor's polling does not drown the rest.
 */
export function observeHttpServer(server: Server, observation: HttpObservation): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    observeRequest(req, res, observation, () => {
      for (const listener of listeners) listener.call(server, req, res);
    });
  });
}

function observeRequest(req: IncomingMessage, res: ServerResponse, observation: HttpObservation, handle: () => void): void {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const given = req.headers['x-correlation-id'];
  const work = { correlationId: typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID() };
  const t = tracer();
  let span: Span | undefined;
  let active = context.active();
  if (t) {
    const traceparent = req.headers.traceparent;
    const parent = contextOf(typeof traceparent === 'string' ? traceparent : undefined);
    span = t.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { [Attr.httpMethod]: method, [Attr.urlPath]: pathOf(req.url), [Attr.urlScheme]: 'http' } },
      parent,
    );
    active = trace.setSpan(parent, span);
  }
  res.once('close', () =>
    withWorkContext(work, () =>
      context.with(active, () => {
        const route = observation.routeOf(req);
        const status = res.statusCode;
        const elapsedMs = performance.now() - started;
        recordHttpRequest(method, route, status, elapsedMs / 1000);
        const durationMs = Math.round(elapsedMs * 10) / 10;
        const caller = observation.callerOf(req);
        const logger = observation.logger ?? log();
        const line = { method, route: route ?? null, status, durationMs, ...(caller ? { callerKeyId: caller } : {}) };
        const text = `${method} ${route ?? '(no route)'} ${status} ${durationMs} ms`;
        if (route === '/health') logger.debug(line, text);
        else logger.info(line, text);
        if (span) {
          if (route) {
            span.updateName(`${method} ${route}`);
            span.setAttribute(Attr.httpRoute, route);
          }
          span.setAttribute(Attr.httpStatus, status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
      }),
    ),
  );
  withWorkContext(work, () => (span ? context.with(active, handle) : handle()));
}

/** The path without its query string (which may hold search terms). */
function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query < 0 ? path : path.slice(0, query);
}
