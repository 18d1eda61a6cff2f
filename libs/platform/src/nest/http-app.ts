import { INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceDescriptor } from './service-descriptor';

/**
 * Fastify set to route as Express does, so the adapter changes no path a client may use: paths
 * matched case-insensitively (parameters keep their case) and with or without a trailing slash,
 * and a path parameter as long as a request line may be (find-my-way cuts at 100 characters by
 * default, which would turn a long id's 400 naming the field into a route 404).
 */
const FASTIFY_ROUTING = {
  caseSensitive: false,
  ignoreTrailingSlash: true,
  maxParamLength: 16 * 1024,
};

/**
 * The service's Nest application over the HTTP adapter its descriptor names (docs/adr/0016). Tests
 * create their apps here too, so they run the adapter the service runs.
 */
export async function createServiceApp(
  module: Type<unknown>,
  service: Pick<ServiceDescriptor, 'http'>,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  if (service.http === 'fastify') {
    // Required here, not imported at the top: services on Express never load Fastify.
    const { FastifyAdapter } = require('@nestjs/platform-fastify') as typeof import('@nestjs/platform-fastify');
    return NestFactory.create(module, new FastifyAdapter({ routerOptions: FASTIFY_ROUTING }), options);
  }
  return NestFactory.create(module, options);
}
