import { INestApplication, Module } from '@nestjs/common';
import { ComponentHealth } from '@orderflow/messaging';
import { createTestDatabase, TEST_KAFKA_BROKERS, TestDatabase } from '@orderflow/testing';
import { HealthRegistry } from './health-registry';
import { createServiceApp } from './http-app';
import { PlatformModule } from './platform.module';
import { HttpAdapterKind } from './service-descriptor';

describe.each<HttpAdapterKind>(['express', 'fastify'])('GET /health on %s (a real Nest app on the real database and broker)', (http) => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let consumer: ComponentHealth = { status: 'up' };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.appUrl;
    process.env.KAFKA_BROKERS = TEST_KAFKA_BROKERS.join(',');
    @Module({ imports: [PlatformModule.forService({ name: 'probe-service', defaultPort: 0, http })] })
    class ProbeModule {}
    app = await createServiceApp(ProbeModule, { http }, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    app.get(HealthRegistry).register('consumer', { health: () => consumer });
    app.get(HealthRegistry).register('relay', { health: () => ({ status: 'up', detail: 'active' }) });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    delete process.env.DATABASE_URL;
  });

  const health = async () => {
    const res = await fetch(`${url}/health`);
    return { code: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('is 200 and ok while every component is up', async () => {
    consumer = { status: 'up' };
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', checks: { database: { status: 'up' }, kafka: { status: 'up' } } } });
  });

  it('stays 200 but says degraded while a component waits out a failure', async () => {
    consumer = { status: 'degraded', detail: '1 partition(s) waiting; channel.orders[2]: transient failure', since: new Date().toISOString() };
    const { code, body } = await health();
    expect(code).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', components: { consumer: { status: 'degraded' }, relay: { status: 'up' } } });
  });

  it('is 503 naming the component that is dead', async () => {
    consumer = { status: 'down', detail: 'crashed: KafkaJSNonRetriableError: ...' };
    const { code, body } = await health();
    expect(code).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', down: ['consumer'], components: { consumer: { detail: expect.stringMatching(/crashed/) } } });
  });
});
