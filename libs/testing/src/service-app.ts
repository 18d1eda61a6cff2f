import { AddressInfo } from 'node:net';
import { INestApplication, Type } from '@nestjs/common';
import { createServiceApp, ServiceDescriptor } from '@orderflow/platform';
import { TestDatabase } from './infra';

export interface ServiceApp {
  app: INestApplication;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * A service's whole Nest app (its HTTP routes, lifecycle hooks and relay, no Kafka consumer) on a
 * free port, logged in as the service's own database role (ADR 23), so a missing grant fails the
 * spec. `env` is the environment while the app is made, when it reads its configuration.
 */
export async function startServiceApp(module: Type<unknown>, service: ServiceDescriptor, db: TestDatabase, env: Record<string, string> = {}): Promise<ServiceApp> {
  const set: Record<string, string> = { DATABASE_URL: db.urlFor(service.name), KAFKA_LOG_LEVEL: 'NOTHING', ...env };
  const saved = Object.fromEntries(Object.keys(set).map((name) => [name, process.env[name]]));
  Object.assign(process.env, set);
  try {
    const app = await createServiceApp(module, service, { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
