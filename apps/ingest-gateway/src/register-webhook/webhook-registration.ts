import { isIP } from 'node:net';
import { z } from 'zod';
import { textProblem } from '@orderflow/contracts';

export const SECRET_MIN_CHARS = 24;
export const SECRET_MAX_CHARS = 256;
export const URL_MAX_CHARS = 2048;

/** A channel as keys name it (libs/security scopeProblem): 1 to 64 letters, digits, ".", "_", ":" or "-". */
export const ChannelParam = z.strictObject({
  channel: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected 1 to 64 letters, digits, ".", "_", ":" or "-"').describe('The channel, as its keys name it'),
});

/**
 * Why a webhook URL is refused, if it is: not http(s), credentials in it (they would show in every
 * answer that names the URL), or, unless allowed, a host that is a loopback, private or link-local
 * address or `localhost` (a channel key must not make the gateway call into its own network). A
 * name that resolves to such an address is not caught here (docs/adr/0035).
 */
export function webhookUrlProblem(value: string, allowPrivateHosts: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'expected an http:// or https:// URL';
  if (url.username || url.password) return 'expected a URL without credentials: the secret authenticates the gateway, not the URL';
  if (url.hash) return 'expected a URL without a #fragment';
  if (!allowPrivateHosts && isPrivateHost(url.hostname)) {
    return `expected a public host, got ${url.hostname} (loopback, private and link-local addresses need WEBHOOK_ALLOW_PRIVATE_HOSTS=true)`;
  }
  return undefined;
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return isPrivateHost(mapped[1]);
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  }
  return false;
}

/** PUT /admin/channels/{channel}/webhook, and each entry of WEBHOOKS_FILE. */
export function webhookRegistration(allowPrivateHosts: boolean) {
  return z.strictObject({
    url: z
      .string('expected a string')
      .max(URL_MAX_CHARS, `expected at most ${URL_MAX_CHARS} characters`)
      .superRefine((url, ctx) => {
        const problem = webhookUrlProblem(url, allowPrivateHosts);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('Where notifications are POSTed: http:// or https://'),
    secret: z
      .string('expected a string')
      .min(SECRET_MIN_CHARS, `expected ${SECRET_MIN_CHARS} to ${SECRET_MAX_CHARS} characters`)
      .max(SECRET_MAX_CHARS, `expected ${SECRET_MIN_CHARS} to ${SECRET_MAX_CHARS} characters`)
      .superRefine((secret, ctx) => {
        const problem = textProblem(secret);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(`The HMAC-SHA256 key of Orderflow-Signature, ${SECRET_MIN_CHARS} to ${SECRET_MAX_CHARS} characters; never returned`),
  });
}

export type WebhookRegistration = z.infer<ReturnType<typeof webhookRegistration>>;
