import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeyEnvSchema, auditKeyOf, piiKeyEnvSchema, piiMasterKeyOf } from './audit-key';
import { ConfigError, loadConfig } from './config';

const KEY = 'k3y-of-at-least-thirty-two-characters-long';

describe("the seals' key from the environment", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'orderflow-audit-key-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const keyOf = (env: NodeJS.ProcessEnv) => auditKeyOf(loadConfig(auditKeyEnvSchema, env));
  const refusal = (env: NodeJS.ProcessEnv) => {
    try {
      keyOf(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('is none when neither variable is set, or both are empty', () => {
    expect(keyOf({})).toBeUndefined();
    expect(keyOf({ AUDIT_HMAC_KEY: '', AUDIT_HMAC_KEY_FILE: '' })).toBeUndefined();
  });

  it('is the bytes of AUDIT_HMAC_KEY, or of the file AUDIT_HMAC_KEY_FILE names without its final newline', () => {
    expect(keyOf({ AUDIT_HMAC_KEY: KEY })).toEqual(Buffer.from(KEY));
    const file = join(root, 'key');
    writeFileSync(file, `${KEY}\n`);
    expect(keyOf({ AUDIT_HMAC_KEY_FILE: file })).toEqual(Buffer.from(KEY));
  });

  it('refuses both at once, a short key, and a file that cannot be read, naming the variable and never the key', () => {
    const file = join(root, 'short');
    writeFileSync(file, 'short\n');
    expect(refusal({ AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEY_FILE: file })).toMatch(/AUDIT_HMAC_KEY and AUDIT_HMAC_KEY_FILE: both set/);
    expect(refusal({ AUDIT_HMAC_KEY: 'too-short' })).toBe(
      'invalid configuration: AUDIT_HMAC_KEY: expected a key of at least 32 characters (32 random bytes in base64url are 43), got 9',
    );
    expect(refusal({ AUDIT_HMAC_KEY_FILE: file })).toMatch(new RegExp(`AUDIT_HMAC_KEY_FILE: ${file}: expected a key of at least 32 characters.*got 5$`));
    expect(refusal({ AUDIT_HMAC_KEY_FILE: join(root, 'absent') })).toMatch(/AUDIT_HMAC_KEY_FILE: .*absent: cannot be read \(ENOENT\)/);
    expect(refusal({ AUDIT_HMAC_KEY: 'too-short' })).not.toMatch(/too-short/);
  });
});

describe('the master key of personal data from the environment', () => {
  it('follows the rule of the seals\' key: inline or a file, long enough, one of the two, never repeated', () => {
    const root = mkdtempSync(join(tmpdir(), 'orderflow-pii-key-'));
    try {
      const file = join(root, 'pii-master-key');
      writeFileSync(file, `${KEY}\n`);
      const keyOf = (env: NodeJS.ProcessEnv) => piiMasterKeyOf(loadConfig(piiKeyEnvSchema, env));
      expect(keyOf({})).toBeUndefined();
      expect(keyOf({ PII_MASTER_KEY: KEY })).toEqual(Buffer.from(KEY));
      expect(keyOf({ PII_MASTER_KEY_FILE: file })).toEqual(Buffer.from(KEY));
      expect(() => keyOf({ PII_MASTER_KEY: KEY, PII_MASTER_KEY_FILE: file })).toThrow(/PII_MASTER_KEY and PII_MASTER_KEY_FILE: both set/);
      expect(() => keyOf({ PII_MASTER_KEY: 'too-short' })).toThrow(
        'invalid configuration: PII_MASTER_KEY: expected a key of at least 32 characters (32 random bytes in base64url are 43), got 9',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
