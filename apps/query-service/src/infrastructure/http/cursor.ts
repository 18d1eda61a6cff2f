import { ParameterProblem } from './api-errors';

/** Where a page of the order list ended: (placed_at, order_id), newest first. */
export interface OrderCursor {
  placedAt: string;
  orderId: string;
}

/** Opaque to clients: base64url of a small JSON object. */
export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify({ p: cursor.placedAt, o: cursor.orderId }), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor, or the problem to report as a 400. */
export function decodeCursor(raw: string): OrderCursor | ParameterProblem {
  const value = tokenValue(raw) as { p?: unknown; o?: unknown } | undefined;
  if (!value || typeof value.p !== 'string' || Number.isNaN(Date.parse(value.p)) || typeof value.o !== 'string' || !UUID.test(value.o)) {
    return cursorProblem(raw);
  }
  return { placedAt: value.p, orderId: value.o };
}

/** Where a page of a work queue ended: (the instant it is ordered by, as PostgreSQL wrote it; the item's key), oldest first. */
export interface QueueCursor {
  at: string;
  key: string;
}

export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify({ a: cursor.at, k: cursor.key }), 'utf8').toString('base64url');
}

/** The queue cursor, or the problem to report as a 400. */
export function decodeQueueCursor(raw: string): QueueCursor | ParameterProblem {
  const value = tokenValue(raw) as { a?: unknown; k?: unknown } | undefined;
  if (!value || typeof value.a !== 'string' || Number.isNaN(Date.parse(value.a)) || typeof value.k !== 'string') return cursorProblem(raw);
  return { at: value.a, key: value.k };
}

const cursorProblem = (raw: string): ParameterProblem => ({
  parameter: 'cursor',
  in: 'query',
  expected: 'expected the nextCursor of a previous page, unchanged',
  received: raw,
});

/** The JSON object inside a base64url token; undefined when it is none. */
function tokenValue(raw: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
