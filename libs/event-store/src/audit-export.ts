import { DataSource } from 'typeorm';
import { eventColumns, EventRow, toStoredEvent } from './event-row';
import { canonicalEventRecord } from './hash';
import { StoredEvent } from './types';

export interface ExportOptions {
  /** Recorded at or after. */
  from?: Date;
  /** Recorded before. */
  to?: Date;
  /** Rows fetched per round trip. */
  pageSize?: number;
}

/**
 * Streams stored events (with their hashes) in global order from one consistent snapshot: a
 * REPEATABLE READ transaction and a server-side cursor, so memory stays flat however many there are
 * and an export never mixes two states of the store.
 */
export async function* exportEvents(dataSource: DataSource, options: ExportOptions = {}): AsyncGenerator<StoredEvent> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const params: unknown[] = [];
  const where: string[] = [];
  if (options.from) {
    params.push(options.from);
    where.push(`e.recorded_at >= $${params.length}`);
  }
  if (options.to) {
    params.push(options.to);
    where.push(`e.recorded_at < $${params.length}`);
  }
  let open = false;
  try {
    await runner.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    open = true;
    await runner.query(
      `DECLARE audit_export NO SCROLL CURSOR FOR
         SELECT ${eventColumns('e')} FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY e.transaction_id, e.global_position`,
      params,
    );
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
    for (;;) {
      const rows = (await runner.query(`FETCH ${pageSize} FROM audit_export`)) as EventRow[];
      for (const row of rows) yield toStoredEvent(row);
      if (rows.length < pageSize) break;
    }
    await runner.query(`COMMIT`);
    open = false;
  } finally {
    if (open) await runner.query(`ROLLBACK`).catch(() => undefined);
    await runner.release();
  }
}

/** An event as an export shows it: its position, its canonical record (what its hash covers), and its chain. */
export function exportRecord(e: StoredEvent) {
  return { globalPosition: e.globalPosition, ...canonicalEventRecord(e), prevHash: e.prevHash, hash: e.hash };
}

/** The exported fields of one event, in a fixed order. */
export const EXPORT_FIELDS = [
  'globalPosition',
  'recordedAt',
  'streamId',
  'streamVersion',
  'eventId',
  'type',
  'schemaVersion',
  'data',
  'metadata',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof ReturnType<typeof exportRecord>)[];

/** One NDJSON line (with its newline). */
export function toNdjsonLine(e: StoredEvent): string {
  return `${JSON.stringify(exportRecord(e))}\n`;
}

/** The CSV header line (RFC 4180). */
export const CSV_HEADER = `${EXPORT_FIELDS.join(',')}\r\n`;

/** One CSV row; data and metadata as JSON in a quoted field. */
export function toCsvRow(e: StoredEvent): string {
  const record = exportRecord(e);
  return `${EXPORT_FIELDS.map((f) => csvField(record[f])).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
