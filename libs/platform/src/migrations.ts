import { eventStoreMigrations } from '@orderflow/event-store';
import { messagingMigrations } from '@orderflow/messaging';
import { privacyMigrations } from '@orderflow/privacy';
import { securityMigrations } from '@orderflow/security';
import { ServiceRoles1732400000500 } from './migrations/1732400000500-service-roles';

/**
 * Tables every service relies on: the event store, checkpoints, the inbox, the API keys and the
 * customers' keys; and last the database roles of the services over all of them (ADR 23).
 */
export const platformMigrations = [...eventStoreMigrations, ...messagingMigrations, ...securityMigrations, ...privacyMigrations, ServiceRoles1732400000500];
