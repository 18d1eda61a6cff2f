import { eventStoreMigrations } from '@orderflow/event-store';
import { messagingMigrations } from '@orderflow/messaging';

/** Tables every service relies on: the event store, checkpoints and the inbox. */
export const platformMigrations = [...eventStoreMigrations, ...messagingMigrations];
