import { Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { CustomerKeys, PersonalData } from '@orderflow/privacy';
import { piiKeyEnvSchema, piiMasterKeyOf } from '../audit-key';
import { databaseUrlOf, loadConfig, PlatformConfig } from '../config';
import { createDataSource } from '../database';
import { ServiceDescriptor } from './service-descriptor';
import { PLATFORM_CONFIG, SERVICE } from './tokens';

/** Connections of the customers' keys' own. */
const KEY_POOL_SIZE = 2;

/**
 * The customers' keys' own connections. A handler seals while its unit of work holds one of the
 * service's connections, so a key read from the same pool could wait for a connection that only
 * finished handlers give back: with every connection held by a handler waiting to seal, none would
 * ever be (the short chaos run found it, orders stalled at DATABASE_POOL_SIZE=4). Key reads wait
 * only for other key reads, which hold nothing else.
 */
class KeyConnections implements OnApplicationShutdown {
  /** The keys read through these connections: they stop listening for erasures when the service stops. */
  keys?: CustomerKeys;

  constructor(readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    this.keys?.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * PersonalData for a service that seals or opens personal fields (docs/adr/0022), with the master
 * key from PII_MASTER_KEY or PII_MASTER_KEY_FILE. Its cached keys are forgotten on every erasure
 * (the store's append notification of the `customer` category), and after 60 s at the latest.
 */
export function privacyProviders(): Provider[] {
  return [
    {
      provide: KeyConnections,
      inject: [PLATFORM_CONFIG, SERVICE],
      useFactory: async (config: PlatformConfig, service: ServiceDescriptor) =>
        new KeyConnections(
          await createDataSource(databaseUrlOf(config, service.name), { poolSize: KEY_POOL_SIZE, applicationName: `${service.name} (customer keys)` }).initialize(),
        ),
    },
    {
      provide: PersonalData,
      inject: [KeyConnections, EventStore, SERVICE],
      useFactory: (connections: KeyConnections, store: EventStore, service: ServiceDescriptor) => {
        const masterKey = piiMasterKeyOf(loadConfig(piiKeyEnvSchema));
        if (!masterKey) {
          new Logger(service.name).warn(
            'PII_MASTER_KEY (or PII_MASTER_KEY_FILE) is not set: personal data is neither sealed nor opened, so `gdpr erase` cannot erase what this service handles',
          );
        }
        connections.keys = new CustomerKeys(connections.dataSource, { masterKey, notifications: store.notifications() }, store);
        return new PersonalData(connections.keys);
      },
    },
  ];
}
