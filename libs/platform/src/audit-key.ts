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
  return secretKeyOf('AUDIT_HMAC_KEY', env.AUDIT_HMAC_KEY, env.AUDIT_HMAC_KEY_FILE);
}

/**
 * The master key of personal data (docs/adr/0022), which wraps every customer's key: given as it is
 * or as a file, like the seals' key, and never in the database. Without it nothing is sealed.
 */
export const piiKeyEnvSchema = z.object({
  PII_MASTER_KEY: optionalText,
  PII_MASTER_KEY_FILE: optionalText,
});

export type PiiKeyEnv = z.infer<typeof piiKeyEnvSchema>;

/** The master key's bytes, or undefined when neither variable is set; refused as auditKeyOf refuses. */
export function piiMasterKeyOf(env: PiiKeyEnv): Buffer | undefined {
  return secretKeyOf('PII_MASTER_KEY', env.PII_MASTER_KEY, env.PII_MASTER_KEY_FILE);
}

/**
 * The key of the snapshots' MACs (ADR 23), for the services that decide: given as it is or as a
 * file, never in the database. Unset, each process draws its own and trusts only its own snapshots.
 */
export const snapshotKeyEnvSchema = z.object({
  SNAPSHOT_KEY: optionalText,
  SNAPSHOT_KEY_FILE: optionalText,
});

export type SnapshotKeyEnv = z.infer<typeof snapshotKeyEnvSchema>;

/** The snapshots' key's bytes, or undefined when neither variable is set; refused as auditKeyOf refuses. */
export function snapshotKeyOf(env: SnapshotKeyEnv): Buffer | undefined {
  return secretKeyOf('SNAPSHOT_KEY', env.SNAPSHOT_KEY, env.SNAPSHOT_KEY_FILE);
}

/** A key from variable `name` or the file named by `${name}_FILE`: the one rule for keys kept outside the database. */
function secretKeyOf(name: string, inline: string | undefined, file: string | undefined): Buffer | undefined {
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError(`invalid configuration: ${name} and ${name}_FILE: both set, expected one of them`);
  }
  let key: string;
  let source: string;
  if (inline !== undefined) {
    [key, source] = [inline, name];
  } else if (file !== undefined) {
    source = `${name}_FILE: ${file}`;
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
