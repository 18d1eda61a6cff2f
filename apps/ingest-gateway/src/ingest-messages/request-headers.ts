import { newTraceparent } from '@orderflow/messaging';

export interface IngestHeaders {
  idempotencyKey?: string;
  correlationId?: string;
  /** The caller's W3C trace context when it sent a valid one, else a fresh one. */
  traceparent: string;
}

export type HeaderCheck = ({ ok: true } & IngestHeaders) | { ok: false; message: string };

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The request headers the gateway acts on. A malformed Idempotency-Key or X-Correlation-Id is an
 * error (the caller relies on them); a malformed traceparent is replaced, as W3C Trace Context asks.
 */
export function readIngestHeaders(headers: Record<string, string | string[] | undefined>): HeaderCheck {
  const idempotencyKey = single(headers['idempotency-key']);
  if (idempotencyKey !== undefined && !(idempotencyKey.length <= 255 && VISIBLE_ASCII.test(idempotencyKey))) {
    return { ok: false, message: 'header Idempotency-Key: expected 1 to 255 visible ASCII characters (a UUID is a good choice)' };
  }
  const correlationId = single(headers['x-correlation-id']);
  if (correlationId !== undefined && !(correlationId.length <= 128 && VISIBLE_ASCII.test(correlationId))) {
    return { ok: false, message: 'header X-Correlation-Id: expected 1 to 128 visible ASCII characters' };
  }
  const given = single(headers['traceparent']);
  return {
    ok: true,
    idempotencyKey,
    correlationId,
    traceparent: given !== undefined && isValidTraceparent(given) ? given : newTraceparent(),
  };
}

/** W3C Trace Context: version ff and all-zero ids are invalid; version 00 has exactly four fields. */
export function isValidTraceparent(value: string): boolean {
  const match = TRACEPARENT.exec(value);
  if (!match) return false;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return false;
  return version !== '00' || rest === undefined;
}

/** An empty header counts as absent; a repeated one is joined by Node and so fails the checks. */
function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
