import 'reflect-metadata';
import { Logger, Type } from '@nestjs/common';
import { PinoNestLogger, startLogging, startTracing } from '@orderflow/observability';
import { createServiceApp } from './http-app';
import { observeHttpRequests } from './http-observation';
import { startServiceConsumer } from './service-consumer';
import { ServiceDescriptor } from './service-descriptor';

/** Boots a service: HTTP (health and APIs) plus, when it consumes topics, the Kafka transport. */
export async function runService(module: Type<unknown>, service: ServiceDescriptor): Promise<void> {
  // JSON lines through one pino logger (Nest's start-up chatter at debug), and spans while an OTLP endpoint is set (ADR 27).
  const lines = startLogging(service.name);
  const tracing = startTracing(service.name);
  if (tracing.enabled) for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void tracing.stop());
  const logger = new Logger(service.name);
  const app = await createServiceApp(module, service, { logger: new PinoNestLogger(lines) });
  observeHttpRequests(app, service, lines);
  app.enableShutdownHooks();
  if (service.consumes?.length) await startServiceConsumer(app, service, logger);
  const port = Number(process.env.PORT ?? service.defaultPort);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  // Process helpers (e2e, bench) wait for "ready on http" in this line, JSON or pretty.
  lines.info({ port }, `${service.name} ready on http://127.0.0.1:${port} (GET /health)`);
}
