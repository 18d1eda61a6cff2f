import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a webhook request carries (docs/adr/0035), Stripe / Standard Webhooks style. */
export const MESSAGE_ID_HEADER = 'Orderflow-Message-Id';
export const SIGNATURE_HEADER = 'Orderflow-Signature';

/** Hex HMAC-SHA256 of `<t>.<body>` keyed with the channel's secret: what `v1=` carries. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>` for a body sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver does: parse the header, recompute, compare in constant time, and refuse a
 * timestamp further than `toleranceSeconds` from its clock (a replayed capture). Used by the specs
 * and documented as the reference for channels.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, now: Date, toleranceSeconds = 300): SignatureCheck {
  if (!header) return { ok: false, reason: 'no signature header' };
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) return { ok: false, reason: `malformed element "${item}"` };
    const name = item.slice(0, at).trim();
    parts.set(name, [...(parts.get(name) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isSafeInteger(t)) return { ok: false, reason: 'no timestamp t=' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: `timestamp ${t} outside the ${toleranceSeconds} s tolerance` };
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  const matches = (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp: t } : { ok: false, reason: 'no v1 signature matches' };
}
