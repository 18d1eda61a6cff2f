import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isSealedValue, PersonalField, SEALED_VALUE, SEALED_VALUE_PREFIX } from '@orderflow/contracts';

/*
 * The cryptography of crypto-shredding (docs/adr/0022), pure: AES-256-GCM everywhere. A customer's
 * data key seals each personal field with AAD naming the key and the field, so a sealed value can be
 * moved neither to another customer nor to another field. Data keys are stored wrapped (AES-256-GCM
 * again, AAD the key's ref) by a key-encryption key derived from the master key, which never enters
 * the database.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** The key-encryption key from the master key's bytes (PII_MASTER_KEY or its file). */
export function keyEncryptionKeyOf(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'orderflow customer-key wrapping v1', KEY_BYTES));
}

/** A fresh key reference: 16 random bytes, base64url (22 characters). */
export const newKeyRef = (): string => randomBytes(16).toString('base64url');

export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

export function wrapDataKey(kek: Buffer, keyRef: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`customer-key:${keyRef}`));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

/** The data key, or undefined when the wrapping does not verify (another master key, or altered). */
export function unwrapDataKey(kek: Buffer, keyRef: string, wrapped: Buffer): Buffer | undefined {
  if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`customer-key:${keyRef}`));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES + KEY_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const aad = (keyRef: string, field: PersonalField) => Buffer.from(`${SEALED_VALUE_PREFIX}${keyRef}:${field}`);

/** `pii:v1:<keyRef>:<iv>:<ciphertext+tag>` of one field's plaintext. */
export function sealField(dataKey: Buffer, keyRef: string, field: PersonalField, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aad(keyRef, field));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_VALUE_PREFIX}${keyRef}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
}

export interface SealedParts {
  keyRef: string;
  iv: string;
  ciphertext: string;
}

export function sealedParts(value: string): SealedParts | undefined {
  if (!isSealedValue(value)) return undefined;
  const [, keyRef, iv, ciphertext] = SEALED_VALUE.exec(value)!;
  return { keyRef, iv, ciphertext };
}

/** The plaintext, or undefined when the value was not sealed with this key for this field. */
export function openField(dataKey: Buffer, field: PersonalField, parts: SealedParts): string | undefined {
  const sealed = Buffer.from(parts.ciphertext, 'base64url');
  if (sealed.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(parts.iv, 'base64url'));
    decipher.setAAD(aad(parts.keyRef, field));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
