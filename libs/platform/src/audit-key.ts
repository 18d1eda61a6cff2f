import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, optionalText } from './config';

/**
 * The key that signs the stream-head seals (docs/adr/0019), for the services and tools that seal or
 * verify: given as it is, or as a file holding it. It never goes to the database.
 */
export const auditKeyEnvSchema = z.object({
  AUDIT_HMAC_KEY: optionalText,
  AUDIT_HMAC_KEY_FILE: optionalText,
});

export type AuditKeyEnv = z.infer<typeof auditKeyEnvSchema>;

/** Characters a key must have at least: 32 random bytes are 43 in base64url. */
export const AUDIT_KEY_MIN_LENGTH = 32;

/**
 * The seals' key (its UTF-8 bytes), or undefined when neither variable is set. A key that is too
 * short, a file that cannot be read or is empty, or both variables at once stop with a message
 * naming the variable; no message repeats the key.
 */
export function auditKeyOf(env: AuditKeyEnv): Buffer | undefined {
  const { AUDIT_HMAC_KEY: inline, AUDIT_HMAC_KEY_FILE: file } = env;
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError('invalid configuration: AUDIT_HMAC_KEY and AUDIT_HMAC_KEY_FILE: both set, expected one of them');
  }
  let key: string;
  let source: string;
  if (inline !== undefined) {
    [key, source] = [inline, 'AUDIT_HMAC_KEY'];
  } else if (file !== undefined) {
    source = `AUDIT_HMAC_KEY_FILE: ${file}`;
    try {
      // A key file written by `echo` ends in a newline that is not part of the key.
      key = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ConfigError(`invalid configuration: ${source}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else {
    return undefined;
  }
  if (key.length < AUDIT_KEY_MIN_LENGTH) {
    throw new ConfigError(
      `invalid configuration: ${source}: expected a key of at least ${AUDIT_KEY_MIN_LENGTH} characters (32 random bytes in base64url are 43), got ${key.length}`,
    );
  }
  return Buffer.from(key, 'utf8');
}
