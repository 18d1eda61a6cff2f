import { eventStoreMigrations } from '@orderflow/event-store';
import { messagingMigrations } from '@orderflow/messaging';
import { privacyMigrations } from '@orderflow/privacy';
import { securityMigrations } from '@orderflow/security';

/** Tables every service relies on: the event store, checkpoints, the inbox, the API keys and the customers' keys. */
export const platformMigrations = [...eventStoreMigrations, ...messagingMigrations, ...securityMigrations, ...privacyMigrations];
