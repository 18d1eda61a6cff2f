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
  const problem: ParameterProblem = {
    parameter: 'cursor',
    in: 'query',
    expected: 'expected the nextCursor of a previous page, unchanged',
    received: raw,
  };
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return problem;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { p?: unknown; o?: unknown };
    if (typeof value.p !== 'string' || Number.isNaN(Date.parse(value.p)) || typeof value.o !== 'string' || !UUID.test(value.o)) {
      return problem;
    }
    return { placedAt: value.p, orderId: value.o };
  } catch {
    return problem;
  }
}
