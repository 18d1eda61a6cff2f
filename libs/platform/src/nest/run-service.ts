import 'reflect-metadata';
import { Logger, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicName } from '@orderflow/contracts';
import { KafkaEventTransport, MessageBus } from '@orderflow/messaging';
import { PlatformConfig } from '../config';
import { contractDecoder } from './contract-decoder';
import { HealthRegistry } from './health-registry';
import { createServiceApp } from './http-app';
import { RethrowRpcErrorsFilter } from './rethrow-rpc-errors.filter';
import { ServiceDescriptor } from './service-descriptor';
import { MESSAGE_BUS, PLATFORM_CONFIG } from './tokens';

/** Boots a service: HTTP (health and APIs) plus, when it consumes topics, the Kafka transport. */
export async function runService(module: Type<unknown>, service: ServiceDescriptor): Promise<void> {
  const logger = new Logger(service.name);
  // Nest's start-up chatter (every module and route) only with LOG_LEVEL=debug.
  const verbose = process.env.LOG_LEVEL === 'debug';
  const app = await createServiceApp(module, service, { logger: verbose ? ['log', 'warn', 'error', 'debug'] : ['warn', 'error'] });
  app.enableShutdownHooks();
  const config = app.get<PlatformConfig>(PLATFORM_CONFIG);
  if (service.consumes?.length) {
    const transport: KafkaEventTransport = new KafkaEventTransport({
      bus: app.get<MessageBus>(MESSAGE_BUS),
      dataSource: app.get(DataSource),
      groupId: topicName(service.name, config.TOPIC_NAMESPACE),
      consumerName: service.name,
      topics: service.consumes.map((c) => topicName(c.topic, config.TOPIC_NAMESPACE)),
      decode: contractDecoder({
        namespace: config.TOPIC_NAMESPACE,
        dlqOwnerOf: new Set(service.consumes.filter((c) => c.dlqOwner).map((c) => c.topic)),
        handles: (type) => transport.handles(type),
      }),
      dlqTopic: (topic) => `${topic}.dlq`,
      unitOfWorkSize: service.unitOfWorkSize,
      partitionsConcurrently: service.partitionsConcurrently,
      logger,
    });
    app.get(HealthRegistry).register('consumer', { health: () => transport.health() });
    // Listeners are registered at start, after the filter is in place (not at connect time).
    app
      .connectMicroservice({ strategy: transport }, { deferInitialization: true })
      .useGlobalFilters(new RethrowRpcErrorsFilter());
    await app.startAllMicroservices();
  }
  const port = Number(process.env.PORT ?? service.defaultPort);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  console.log(`${service.name} ready on http://127.0.0.1:${port} (GET /health)`);
}
