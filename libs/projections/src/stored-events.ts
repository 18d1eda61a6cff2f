import { eventColumns, EventRow, Queryable, StoredEvent, toStoredEvent } from '@orderflow/event-store';

/** The events table's columns, aliased `e`, as the store's own mapping reads them. */
export const EVENT_COLUMNS = eventColumns('e');

export { EventRow, toStoredEvent };

export async function queryEvents(db: Queryable, sql: string, params: unknown[]): Promise<StoredEvent[]> {
  return ((await db.query(sql, params)) as EventRow[]).map(toStoredEvent);
}
