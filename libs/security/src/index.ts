import { CreateApiKeys1732400000300 } from './migrations/1732400000300-create-api-keys';
import { FactoryKeys1732400000310 } from './migrations/1732400000310-factory-keys';

export * from './api-key-token';
export * from './api-keys';
export * from './key-checker';
export * from './rate-limiter';
export * from './roles';
export * from './nest/access.guard';
export * from './nest/decorators';

/** Tables of access control, in order. */
export const securityMigrations = [CreateApiKeys1732400000300, FactoryKeys1732400000310];
export * from './nest/access.providers';
