import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allTopicSpecs } from '@orderflow/contracts';
import { MessageBus } from '@orderflow/messaging';
import { createTestDatabase, createTestTopics, GatewayKeys, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix } from '@orderflow/testing';
import { ingestMigrations } from '../src/infrastructure/migrations';
import { IngestGatewayModule } from '../src/ingest-gateway.module';

export interface GatewayApp {
  db: TestDatabase;
  bus: MessageBus;
  namespace: string;
  baseUrl: string;
  /** Keys for posting as each message's sender would. */
  keys: GatewayKeys;
  /** Stops the app, drops the database and restores the environment. */
  close(): Promise<void>;
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
}): Promise<GatewayApp> {
  const saved = { ...process.env };
  const namespace = `${options.prefix}${uniqueSuffix()}`;
  const db = await createTestDatabase(ingestMigrations);
  const bus = testBus(namespace);
  await createTestTopics(bus, allTopicSpecs(namespace));
  Object.assign(process.env, {
    DATABASE_URL: options.databaseUrl ? await options.databaseUrl(db) : db.urlFor('ingest-gateway'),
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    TOPIC_NAMESPACE: namespace,
    KAFKA_LOG_LEVEL: options.quiet ? 'NOTHING' : 'ERROR',
    ...options.env,
  });
  const app: INestApplication = await NestFactory.create(IngestGatewayModule, { logger: options.quiet ? false : ['error'] });
  await app.listen(0, '127.0.0.1');
  return {
    db,
    bus,
    namespace,
    baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    keys: new GatewayKeys(db.dataSource),
    async close() {
      await app.close();
      await db.drop();
      process.env = saved;
    },
  };
}
