import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A key as its holder sees it: `ofk_<id>_<secret>`. The id (12 hex digits) names the key in
 * listings, logs and events; the secret (32 random bytes, base64url) is shown once and only its
 * SHA-256 is stored. A fast hash is enough: the secret has 256 bits of entropy, nothing to guess.
 */
const TOKEN = /^ofk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  keyId: string;
  token: string;
  secretHash: string;
}

export function issueToken(): IssuedToken {
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, token: `ofk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { keyId: string; secret: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { keyId: m[1], secret: m[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares in constant time, so the answer's timing tells nothing about the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
