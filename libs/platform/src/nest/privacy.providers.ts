import { Logger, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { CustomerKeys, PersonalData } from '@orderflow/privacy';
import { piiKeyEnvSchema, piiMasterKeyOf } from '../audit-key';
import { loadConfig } from '../config';
import { ServiceDescriptor } from './service-descriptor';
import { SERVICE } from './tokens';

/**
 * PersonalData for a service that seals or opens personal fields (docs/adr/0022), with the master
 * key from PII_MASTER_KEY or PII_MASTER_KEY_FILE. Its cached keys are forgotten on every erasure
 * (the store's append notification of the `customer` category), and after 60 s at the latest.
 */
export function privacyProviders(): Provider[] {
  return [
    {
      provide: PersonalData,
      inject: [DataSource, EventStore, SERVICE],
      useFactory: (ds: DataSource, store: EventStore, service: ServiceDescriptor) => {
        const masterKey = piiMasterKeyOf(loadConfig(piiKeyEnvSchema));
        if (!masterKey) {
          new Logger(service.name).warn(
            'PII_MASTER_KEY (or PII_MASTER_KEY_FILE) is not set: personal data is neither sealed nor opened, so `gdpr erase` cannot erase what this service handles',
          );
        }
        return new PersonalData(new CustomerKeys(ds, { masterKey, notifications: store.notifications() }, store));
      },
    },
  ];
}
