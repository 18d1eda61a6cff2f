import { Logger, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { EventStore } from '@orderflow/event-store';
import { ApiKeys } from '../api-keys';
import { KeyChecker } from '../key-checker';
import { RateLimiter } from '../rate-limiter';
import { ACCESS_OPTIONS, AccessGuard, AccessOptions } from './access.guard';

export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');

/** What a service says about access: who it is (for ApiKeyUsed) and each key's rate. */
export interface AccessSettings {
  service: string;
  ratePerSecond: number;
  burst: number;
}

/**
 * The access guard on every HTTP route of the module's app, checking keys in the DataSource's
 * database and recording their use through its EventStore. Needs ACCESS_SETTINGS provided.
 */
export function accessProviders(): Provider[] {
  return [
    {
      provide: KeyChecker,
      inject: [DataSource, EventStore, ACCESS_SETTINGS],
      useFactory: (ds: DataSource, store: EventStore, settings: AccessSettings) => {
        const logger = new Logger('AccessGuard');
        return new KeyChecker(new ApiKeys(ds, store), {
          service: settings.service,
          notifications: store.notifications(),
          onError: (err) => logger.warn(`a key's uses were not recorded this time: ${(err as Error).message}`),
        });
      },
    },
    {
      provide: ACCESS_OPTIONS,
      inject: [KeyChecker, ACCESS_SETTINGS],
      useFactory: (checker: KeyChecker, settings: AccessSettings): AccessOptions => ({
        checker,
        limiter: new RateLimiter(settings.ratePerSecond, settings.burst),
        failureLimiter: new RateLimiter(10, 20),
      }),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ];
}
