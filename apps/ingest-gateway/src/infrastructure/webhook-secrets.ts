import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^whs:v1:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/;
const PLAIN = 'plain:';

/**
 * Webhook secrets at rest (docs/adr/0035). The gateway must be able to sign with a secret, so it
 * cannot keep only a hash as it does for API keys; it seals the secret with AES-256-GCM under a key
 * derived from PII_MASTER_KEY (HKDF, its own label, so it is not a customer-key wrapping key), with
 * the channel as AAD: a database read alone reveals no secret, and a sealed secret copied to another
 * channel's row does not open. Without the master key (a warning says so at start) secrets are kept
 * as `plain:<secret>`, as personal data is then kept unsealed; once a key is set, the next
 * registration seals.
 */
export class WebhookSecrets {
  private readonly key?: Buffer;

  constructor(masterKey: Buffer | undefined) {
    this.key = masterKey && Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'orderflow webhook-secret sealing v1', 32));
  }

  get sealing(): boolean {
    return this.key !== undefined;
  }

  seal(channel: string, secret: string): string {
    if (!this.key) return `${PLAIN}${secret}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`webhook-secret:${channel}`));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `whs:v1:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** The secret, or undefined when it was sealed under another key, for another channel, or altered. */
  open(channel: string, stored: string): string | undefined {
    if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
    const parts = SEALED.exec(stored);
    if (!parts || !this.key) return undefined;
    const sealed = Buffer.from(parts[2], 'base64url');
    if (sealed.length < TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(parts[1], 'base64url'));
      decipher.setAAD(Buffer.from(`webhook-secret:${channel}`));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
