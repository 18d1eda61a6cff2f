import { randomUUID } from 'node:crypto';
import { EventStore } from '@orderflow/event-store';
import { UnitOfWork } from '@orderflow/platform';
import { TestDatabase } from './infra';

/**
 * Runs handler code in a real transaction on a test database, as a consumed message would:
 * everything it appends commits together, or nothing does.
 */
export async function inUnitOfWork<T>(
  db: TestDatabase,
  work: (uow: UnitOfWork) => Promise<T>,
  options: { now?: Date; actor?: string; messageId?: string } = {},
): Promise<T> {
  const store = new EventStore(db.dataSource);
  const messageId = options.messageId ?? randomUUID();
  return store.transaction((tx) =>
    work(
      new UnitOfWork(tx, store, options.now ?? new Date(), {
        messageId,
        correlationId: messageId,
        actor: options.actor ?? 'test',
      }),
    ),
  );
}
