import { z } from 'zod';

/*
 * Personal data travels sealed (docs/adr/0022): each personal field of a Customer or an Address is a
 * string `pii:v1:<keyRef>:<iv>:<ciphertext+tag>` (base64url parts), encrypted with its customer's own
 * key, so destroying that key erases the customer everywhere the value was copied. The format lives
 * here, with the contracts that carry it; @orderflow/privacy seals and opens.
 */

/** The personal fields of a Customer; `id` is the channel's pseudonymous reference and stays plain. */
export const CUSTOMER_PERSONAL_FIELDS = ['name', 'email', 'phone'] as const;

/**
 * The personal fields of an Address. `country` and `region` stay plain: warehouses and carriers are
 * chosen by them, and they name an area of millions, not a person.
 */
export const ADDRESS_PERSONAL_FIELDS = ['line1', 'line2', 'city', 'postalCode'] as const;

export type PersonalField = (typeof CUSTOMER_PERSONAL_FIELDS)[number] | (typeof ADDRESS_PERSONAL_FIELDS)[number];

export const SEALED_VALUE_PREFIX = 'pii:v1:';

/** The largest sealed value: a 256-character name of 4-byte characters, sealed, is about 1.4 kB. */
export const MAX_SEALED_VALUE_LENGTH = 4096;

/** keyRef (16 bytes), iv (12 bytes) and ciphertext with its 16-byte tag, each base64url. */
export const SEALED_VALUE = /^pii:v1:([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

export const isSealedValue = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_SEALED_VALUE_LENGTH && SEALED_VALUE.test(value);

const sealedValue = z
  .string()
  .max(MAX_SEALED_VALUE_LENGTH)
  .regex(SEALED_VALUE, 'expected a sealed value pii:v1:<keyRef>:<iv>:<ciphertext>')
  .describe('a personal field sealed with its customer key (docs/adr/0022)');

/**
 * A personal field on an inbound contract: plaintext meeting `plain` (what channels send), or a value
 * the ingest gateway sealed. A refusal names what the plaintext should have been.
 */
export function personal<T extends z.ZodType<string>>(plain: T) {
  return z.union([plain, sealedValue], {
    error: (issue) => (issue.code === 'invalid_union' ? (issue.errors as { message: string }[][])[0]?.[0]?.message : undefined),
  });
}
