import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeyEnvSchema, auditKeyOf, loadConfig } from '@orderflow/platform';

// Plain JavaScript, so that `npm start` can make the key before anything is compiled.
const { ensureSecret } = require('../scripts/secrets.js') as { ensureSecret(name: string, root?: string): string };

describe('scripts/secrets.js: secrets of the default setup, outside the database', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'orderflow-secrets-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes .data/secrets/<name> once, 32 random bytes in base64url readable by its owner only, and keeps it', () => {
    const path = ensureSecret('audit-hmac-key', root);
    expect(path).toBe(join(root, '.data', 'secrets', 'audit-hmac-key'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const made = readFileSync(path, 'utf8');
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(ensureSecret('audit-hmac-key', root)).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(made);
  });

  it("makes a file that serves as the seals' key (AUDIT_HMAC_KEY_FILE)", () => {
    const path = ensureSecret('audit-hmac-key', root);
    expect(auditKeyOf(loadConfig(auditKeyEnvSchema, { AUDIT_HMAC_KEY_FILE: path }))).toEqual(Buffer.from(readFileSync(path, 'utf8').trim()));
  });

  it('refuses a name that would leave the secrets folder', () => {
    expect(() => ensureSecret('../escape', root)).toThrow(/a secret's name is letters, digits/);
  });
});
