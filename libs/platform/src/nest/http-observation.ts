import type { IncomingMessage } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { Logger, observeHttpServer } from '@orderflow/observability';
import { ServiceDescriptor } from './service-descriptor';

/** The Fastify request wrapping a raw request: where Fastify keeps the route and the guard the principal. */
const FASTIFY_REQUEST = Symbol('orderflow.fastify-request');

interface Authenticated {
  principal?: { keyId: string };
}

/** What Express (which extends the raw request) or our Fastify hook leave on a request once it is routed. */
interface RoutedRequest extends IncomingMessage, Authenticated {
  route?: { path?: unknown };
  baseUrl?: string;
  [FASTIFY_REQUEST]?: Authenticated & { routeOptions?: { url?: string } };
}

interface FastifyHooks {
  addHook(name: 'onRequest', hook: (request: { raw: RoutedRequest } & Authenticated, reply: unknown, done: () => void) => void): void;
}

/**
 * Spans, work context and one access-log line for every request of the app, on Express or Fastify
 * (docs/adr/0027). Called before the app listens.
 */
export function observeHttpRequests(app: INestApplication, service: Pick<ServiceDescriptor, 'http'>, logger?: Logger): void {
  if (service.http === 'fastify') {
    (app.getHttpAdapter().getInstance() as FastifyHooks).addHook('onRequest', (request, _reply, done) => {
      request.raw[FASTIFY_REQUEST] = request;
      done();
    });
  }
  observeHttpServer(app.getHttpServer(), {
    routeOf: (req) => {
      const routed = req as RoutedRequest;
      const fastify = routed[FASTIFY_REQUEST];
      if (fastify) return fastify.routeOptions?.url;
      return typeof routed.route?.path === 'string' ? `${routed.baseUrl ?? ''}${routed.route.path}` : undefined;
    },
    callerOf: (req) => {
      const routed = req as RoutedRequest;
      return (routed[FASTIFY_REQUEST] ?? routed).principal?.keyId;
    },
    logger,
  });
}
