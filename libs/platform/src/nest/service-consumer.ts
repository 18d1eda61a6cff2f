import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicName } from '@orderflow/contracts';
import { KafkaEventTransport, Logger, MessageBus } from '@orderflow/messaging';
import { PlatformConfig } from '../config';
import { contractDecoder } from './contract-decoder';
import { HealthRegistry } from './health-registry';
import { RethrowRpcErrorsFilter } from './rethrow-rpc-errors.filter';
import { ServiceDescriptor } from './service-descriptor';
import { MESSAGE_BUS, PLATFORM_CONFIG } from './tokens';

/**
 * Connects the service's consumer of the topics it consumes (its @EventPattern handlers) and
 * starts it, registered in /health as `consumer`. `bus` defaults to the app's message bus.
 */
export async function startServiceConsumer(
  app: INestApplication,
  service: ServiceDescriptor,
  logger: Logger,
  bus: MessageBus = app.get<MessageBus>(MESSAGE_BUS),
): Promise<KafkaEventTransport> {
  const config = app.get<PlatformConfig>(PLATFORM_CONFIG);
  const consumes = service.consumes ?? [];
  const transport: KafkaEventTransport = new KafkaEventTransport({
    bus,
    dataSource: app.get(DataSource),
    groupId: topicName(service.name, config.TOPIC_NAMESPACE),
    consumerName: service.name,
    topics: consumes.map((c) => topicName(c.topic, config.TOPIC_NAMESPACE)),
    decode: contractDecoder({
      namespace: config.TOPIC_NAMESPACE,
      dlqOwnerOf: new Set(consumes.filter((c) => c.dlqOwner).map((c) => c.topic)),
      handles: (type) => transport.handles(type),
    }),
    dlqTopic: (topic) => `${topic}.dlq`,
    unitOfWorkSize: service.unitOfWorkSize,
    partitionsConcurrently: service.partitionsConcurrently,
    logger,
  });
  app.get(HealthRegistry).register('consumer', { health: () => transport.health() });
  // The app's lifecycle hooks run once, here. A deferred microservice would run them again when it
  // starts (Nest's hybrid apps), so that every service had two relays, two retention timers...
  await app.init();
  // Listeners are registered at start, after the filter is in place (not at connect time).
  const microservice = app.connectMicroservice({ strategy: transport }, { deferInitialization: true });
  (microservice as unknown as { setIsInitHookCalled(called: boolean): void }).setIsInitHookCalled(true);
  microservice.useGlobalFilters(new RethrowRpcErrorsFilter());
  await app.startAllMicroservices();
  return transport;
}
