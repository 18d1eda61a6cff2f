import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, EventStore } from '@orderflow/event-store';
import { createKafkaBus } from '@orderflow/messaging';
import { ACCESS_SETTINGS, accessProviders, AccessSettings, KeyChecker } from '@orderflow/security';
import { snapshotKeyEnvSchema, snapshotKeyOf } from '../audit-key';
import { databaseUrlOf, loadConfig, PlatformConfig, platformEnvSchema } from '../config';
import { createDataSource } from '../database';
import { describeKafkaSecurity, kafkaBusConfig } from '../kafka-client';
import { UnitOfWorkFactory } from '../application/unit-of-work.factory';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { MetricsController } from './metrics.controller';
import { RelayService } from './relay.service';
import { RetentionService } from './retention.service';
import { ServiceDescriptor } from './service-descriptor';
import { CLOCK, MESSAGE_BUS, PLATFORM_CONFIG, SERVICE } from './tokens';

/**
 * What every service gets: validated config, a DataSource (application role), the event store, the
 * message bus, GET /health, GET /metrics and, when it owns streams, its outbox relay.
 */
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(KeyChecker) private readonly keys: KeyChecker,
  ) {}

  static forService(service: ServiceDescriptor): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE, useValue: service },
        { provide: PLATFORM_CONFIG, useFactory: () => loadConfig(platformEnvSchema) },
        { provide: CLOCK, useValue: (() => new Date()) satisfies Clock },
        {
          provide: DataSource,
          inject: [PLATFORM_CONFIG],
          useFactory: async (config: PlatformConfig) => {
            const ds = createDataSource(databaseUrlOf(config, service.name), {
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: service.name,
            });
            return ds.initialize();
          },
        },
        {
          provide: EventStore,
          inject: [DataSource, CLOCK],
          useFactory: (ds: DataSource, clock: Clock) => new EventStore(ds, clock, snapshotKeyOf(loadConfig(snapshotKeyEnvSchema))),
        },
        {
          provide: MESSAGE_BUS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => {
            const kafka = kafkaBusConfig(config, service.name);
            const logger = new Logger(service.name);
            logger.log(`Kafka at ${kafka.brokers.join(', ')}: ${describeKafkaSecurity(kafka)}`);
            if (kafka.tls && !kafka.tls.rejectUnauthorized) logger.warn('Kafka brokers\' certificates are NOT verified (KAFKA_TLS_REJECT_UNAUTHORIZED=false)');
            return createKafkaBus(kafka);
          },
        },
        {
          provide: ACCESS_SETTINGS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig): AccessSettings => ({
            service: service.name,
            ratePerSecond: config.API_RATE_LIMIT_PER_SECOND,
            burst: config.API_RATE_LIMIT_BURST,
          }),
        },
        ...accessProviders(),
        HealthRegistry,
        RelayService,
        RetentionService,
        UnitOfWorkFactory,
      ],
      exports: [SERVICE, PLATFORM_CONFIG, CLOCK, DataSource, EventStore, MESSAGE_BUS, UnitOfWorkFactory, HealthRegistry, RetentionService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.keys.close().catch(() => undefined); // records the uses counted since the last record
    await this.dataSource.destroy();
  }
}
