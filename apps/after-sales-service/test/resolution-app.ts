import { AddressInfo } from 'node:net';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { CLOCK, UnitOfWorkFactory } from '@orderflow/platform';
import { ACCESS_SETTINGS, accessProviders, KeyChecker } from '@orderflow/security';
import { bearer, issueApiKey, TestDatabase } from '@orderflow/testing';
import { OrderViewRepository } from '../src/infrastructure/order-view.repository';
import { ResolveComplaintHandler } from '../src/resolve-complaint/resolve-complaint.handler';
import { ResolveComplaintHttpController } from '../src/resolve-complaint/resolve-complaint.http.controller';

export interface ResolutionApp {
  baseUrl: string;
  /** An operator's Authorization header (the key is named "Olga Operator"). */
  operator: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The operators' resolution endpoint on its own, over real HTTP against the test database, behind
 * the access guard every service runs (ADR 18), with a fixed clock.
 */
export async function startResolutionApp(db: TestDatabase, now: Date): Promise<ResolutionApp> {
  @Module({
    controllers: [ResolveComplaintHttpController],
    providers: [
      ResolveComplaintHandler,
      OrderViewRepository,
      UnitOfWorkFactory,
      { provide: EventStore, useValue: new EventStore(db.dataSource) },
      { provide: DataSource, useValue: db.dataSource },
      { provide: CLOCK, useValue: () => now },
      { provide: ACCESS_SETTINGS, useValue: { service: 'after-sales-service', ratePerSecond: 0, burst: 1 } },
      ...accessProviders(),
    ],
  })
  class ResolutionTestModule {}

  const app: INestApplication = await NestFactory.create(ResolutionTestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const operator = bearer(await issueApiKey(db.dataSource, 'operator', {}, 'Olga Operator'));
  // Without PlatformModule nothing else closes the key checker, whose notifications would outlive the test.
  const close = async () => {
    await app.get(KeyChecker).close();
    await app.close();
  };
  return { baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, operator, close };
}
