import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allTopicSpecs } from '@orderflow/contracts';
import { MessageBus } from '@orderflow/messaging';
import { startServiceConsumer } from '@orderflow/platform';
import { createTestDatabase, createTestTopics, GatewayKeys, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix } from '@orderflow/testing';
import { ingestMigrations } from '../src/infrastructure/migrations';
import { IngestGatewayModule } from '../src/ingest-gateway.module';
import { SERVICE } from '../src/service';

export interface GatewayApp {
  db: TestDatabase;
  bus: MessageBus;
  namespace: string;
  baseUrl: string;
  /** Keys for posting as each message's sender would. */
  keys: GatewayKeys;
  /** Stops the app, drops the database (unless kept, or resumed from another app) and restores the environment. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * The gateway as an in-process Nest app on a free port: a fresh database and topic namespace of its
 * own, the real broker. `databaseUrl` may route the app's connections elsewhere (a fault proxy).
 */
export async function startGatewayApp(options: {
  prefix: string;
  env?: Record<string, string>;
  databaseUrl?: (db: TestDatabase) => Promise<string>;
  quiet?: boolean;
  /** Also run its consumer of channel.notifications (the webhooks, docs/adr/0035), as `runService` does. */
  consume?: boolean;
  /** Another gateway's database and namespace (closed with keepDatabase), to start again where it stopped; close() then leaves them. */
  resume?: Pick<GatewayApp, 'db' | 'namespace'>;
}): Promise<GatewayApp> {
  const saved = { ...process.env };
  const namespace = options.resume?.namespace ?? `${options.prefix}${uniqueSuffix()}`;
  const db = options.resume?.db ?? (await createTestDatabase(ingestMigrations));
  const bus = testBus(namespace);
  if (!options.resume) await createTestTopics(bus, allTopicSpecs(namespace));
  Object.assign(process.env, {
    DATABASE_URL: options.databaseUrl ? await options.databaseUrl(db) : db.urlFor('ingest-gateway'),
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    TOPIC_NAMESPACE: namespace,
    KAFKA_LOG_LEVEL: options.quiet ? 'NOTHING' : 'ERROR',
    ...options.env,
  });
  const app: INestApplication = await NestFactory.create(IngestGatewayModule, { logger: options.quiet ? false : ['error'] });
  if (options.consume) await startServiceConsumer(app, SERVICE, { log: () => undefined, warn: () => undefined, error: (m) => console.error(m) });
  await app.listen(0, '127.0.0.1');
  return {
    db,
    bus,
    namespace,
    baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    keys: new GatewayKeys(db.dataSource),
    async close(closing = {}) {
      await app.close();
      if (!options.resume && !closing.keepDatabase) await db.drop();
      process.env = saved;
    },
  };
}
