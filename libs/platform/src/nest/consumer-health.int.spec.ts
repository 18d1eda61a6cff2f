import { INestApplication, Logger, Module } from '@nestjs/common';
import { topicName } from '@orderflow/contracts';
import { BusConsumer, ConsumerOptions, MessageBus } from '@orderflow/messaging';
import { createTestDatabase, createTestTopics, TEST_KAFKA_BROKERS, testBus, TestDatabase, uniqueSuffix, waitFor } from '@orderflow/testing';
import { createServiceApp } from './http-app';
import { PlatformModule } from './platform.module';
import { startServiceConsumer } from './service-consumer';
import { ServiceDescriptor } from './service-descriptor';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The real bus, whose consumer the test can crash as kafkajs does when its group fails for good:
 * the client's consumer stops and CRASH comes with restart false. While `failing`, joining the
 * group fails too, so the service's attempts to start a new consumer fail as well.
 */
function crashableBus(real: MessageBus) {
  let failing = false;
  let current: { consumer: BusConsumer; options: ConsumerOptions } | undefined;
  const bus: MessageBus = {
    producer: (options) => real.producer(options),
    admin: () => real.admin(),
    async consumer(options) {
      if (failing) throw new Error('KafkaJSNonRetriableError: the group coordinator refuses this member');
      const consumer = await real.consumer(options);
      current = { consumer, options };
      return consumer;
    },
  };
  return {
    bus,
    async crash() {
      failing = true;
      await current!.consumer.disconnect();
      current!.options.onCrash?.(new Error('KafkaJSNonRetriableError: the group failed'), false);
    },
    heal() {
      failing = false;
    },
  };
}

describe('GET /health of a service whose consumer dies (real Nest app, PostgreSQL and Kafka)', () => {
  const namespace = `h${uniqueSuffix()}`;
  const service: ServiceDescriptor = { name: 'probe-service', defaultPort: 0, consumes: [{ topic: 'channel.orders' }] };
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  const kafka = crashableBus(testBus(namespace));

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.appUrl, KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','), TOPIC_NAMESPACE: namespace });
    await createTestTopics(kafka.bus, [{ topic: topicName('channel.orders', namespace), partitions: 2 }]);
    @Module({ imports: [PlatformModule.forService(service)] })
    class ProbeModule {}
    app = await createServiceApp(ProbeModule, service, { logger: false });
    await startServiceConsumer(app, service, new Logger('probe', { timestamp: false }), kafka.bus);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    kafka.heal();
    await app?.close();
    await db?.drop();
    delete process.env.DATABASE_URL;
    delete process.env.TOPIC_NAMESPACE;
  });

  const health = async () => {
    const res = await fetch(`${url}/health`);
    return { code: res.status, body: (await res.json()) as D };
  };

  it('is 503 naming "consumer" while the crashed consumer cannot be started again, and 200 once it runs', async () => {
    const before = await waitFor('healthy at start', async () => {
      const h = await health();
      return h.code === 200 ? h : undefined;
    });
    expect(before.body.components.consumer).toMatchObject({ status: 'up', lag: 0 });

    await kafka.crash();
    const down = await waitFor('the crash reported', async () => {
      const h = await health();
      return h.code === 503 ? h : undefined;
    });
    expect(down.body).toMatchObject({ status: 'unavailable', down: ['consumer'], checks: { kafka: { status: 'up' } } });
    expect(down.body.components.consumer.detail).toMatch(/^crashed: .*group/);
    // Restart attempts fail while the group does: it stays down, it does not flap back to up.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await health()).body.down).toEqual(['consumer']);

    kafka.heal();
    const up = await waitFor('running again', async () => {
      const h = await health();
      return h.code === 200 ? h : undefined;
    }, { timeoutMs: 60_000 });
    expect(up.body.components.consumer).toMatchObject({ status: 'up' });
  });
});
