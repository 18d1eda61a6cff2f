import { eventStoreMigrations } from '@orderflow/event-store';
import { messagingMigrations } from '@orderflow/messaging';
import { securityMigrations } from '@orderflow/security';

/** Tables every service relies on: the event store, checkpoints, the inbox and the API keys. */
export const platformMigrations = [...eventStoreMigrations, ...messagingMigrations, ...securityMigrations];
