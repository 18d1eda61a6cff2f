import { CreateCustomerKeys1732400000400 } from './migrations/1732400000400-create-customer-keys';

export * from './customer-keys';
export * from './lru';
export * from './personal-data';
export * from './sealing';
export { CUSTOMER_KEY_GRANTS } from './migrations/1732400000400-create-customer-keys';

/** The customers' keys, in order. */
export const privacyMigrations = [CreateCustomerKeys1732400000400];
