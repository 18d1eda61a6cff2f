export * from './app-role';
export * from './append';
export * from './append-notifications';
export * from './audit-export';
export * from './catch-up-pacer';
export * from './checkpoints';
export * from './errors';
export * from './event-queries';
export * from './event-store';
export * from './hash';
export { APPEND_EVENTS_AS_OWNER } from './migrations/append-events-as-owner';
export { pgPoolOf } from './prepared';
export * from './seals';
export * from './snapshots';
export * from './subscription';
export * from './transaction';
export * from './types';
export * from './verification';
import { CreateEventStore1732400000000 } from './migrations/1732400000000-create-event-store';
import { CreateCheckpoints1732400000100 } from './migrations/1732400000100-create-checkpoints';
import { CreateSnapshots1732400000150 } from './migrations/1732400000150-create-snapshots';
import { AppendFunction1732400000160 } from './migrations/1732400000160-append-function';
import { NotifyAppends1732400000170 } from './migrations/1732400000170-notify-appends';
import { NotifyCategories1732400000180 } from './migrations/1732400000180-notify-categories';
import { CreateStreamHeadSeals1732400000190 } from './migrations/1732400000190-create-stream-head-seals';
import { AppendEvents1732400000196 } from './migrations/1732400000196-append-events';
import { SnapshotMacs1732400000510 } from './migrations/1732400000510-snapshot-macs';

/** Schema of the event store, in order. */
export const eventStoreMigrations = [
  CreateEventStore1732400000000,
  CreateCheckpoints1732400000100,
  CreateSnapshots1732400000150,
  AppendFunction1732400000160,
  NotifyAppends1732400000170,
  NotifyCategories1732400000180,
  CreateStreamHeadSeals1732400000190,
  AppendEvents1732400000196,
  SnapshotMacs1732400000510,
];
export * from './leader-lock';
