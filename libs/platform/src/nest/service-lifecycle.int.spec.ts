import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { topicName } from '@orderflow/contracts';
import { createTestDatabase, createTestTopics, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix } from '@orderflow/testing';
import { createServiceApp } from './http-app';
import { PlatformModule } from './platform.module';
import { startServiceConsumer } from './service-consumer';
import { ServiceDescriptor } from './service-descriptor';

@Injectable()
class BootCounter implements OnApplicationBootstrap {
  static boots = 0;
  onApplicationBootstrap(): void {
    BootCounter.boots += 1;
  }
}

describe('a service with a consumer and an HTTP API (a real Nest hybrid app, PostgreSQL and Kafka)', () => {
  const namespace = `lc${uniqueSuffix()}`;
  const service: ServiceDescriptor = { name: 'probe-service', defaultPort: 0, consumes: [{ topic: 'channel.orders' }] };
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.appUrl, KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','), TOPIC_NAMESPACE: namespace });
  });
  afterAll(async () => {
    await db?.drop();
    delete process.env.DATABASE_URL;
    delete process.env.TOPIC_NAMESPACE;
  });

  it('boots its providers once: one relay, one set of timers, not one per transport', async () => {
    const bus = testBus(namespace);
    await createTestTopics(bus, [{ topic: topicName('channel.orders', namespace), partitions: 1 }]);
    @Module({ imports: [PlatformModule.forService(service)], providers: [BootCounter] })
    class ProbeModule {}
    const app = await createServiceApp(ProbeModule, service, { logger: false });
    try {
      await startServiceConsumer(app, service, new Logger('probe', { timestamp: false }), bus);
      await app.listen(0, '127.0.0.1');
      expect(BootCounter.boots).toBe(1);
    } finally {
      await app.close();
    }
  });
});
