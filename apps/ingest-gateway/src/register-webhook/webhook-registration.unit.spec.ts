import { WebhookSecrets } from '../infrastructure/webhook-secrets';
import { webhookRegistration, webhookUrlProblem } from './webhook-registration';

describe('a webhook registration', () => {
  const strict = webhookRegistration(false);
  const secret = 's'.repeat(32);

  it('takes an http(s) URL and a secret of 24 to 256 characters, and nothing else', () => {
    expect(strict.safeParse({ url: 'https://hooks.example.com/orderflow?x=1', secret }).success).toBe(true);
    expect(strict.safeParse({ url: 'http://hooks.example.com', secret: 's'.repeat(24) }).success).toBe(true);
    const problems = (body: unknown) => (strict.safeParse(body).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ url: 'ftp://hooks.example.com', secret })).toEqual(['url: expected an http:// or https:// URL']);
    expect(problems({ url: 'hooks.example.com', secret })).toEqual(['url: expected an absolute http:// or https:// URL']);
    expect(problems({ url: 'https://user:pw@hooks.example.com', secret })).toEqual([expect.stringMatching(/^url: expected a URL without credentials/)]);
    expect(problems({ url: 'https://hooks.example.com', secret: 'short' })).toEqual(['secret: expected 24 to 256 characters']);
    expect(problems({ url: 'https://hooks.example.com', secret: 's'.repeat(257) })).toEqual(['secret: expected 24 to 256 characters']);
    expect(problems({ url: 'https://hooks.example.com', secret, events: ['all'] })).toEqual([expect.stringMatching(/^: /)]);
  });

  it('refuses loopback, private and link-local hosts unless WEBHOOK_ALLOW_PRIVATE_HOSTS says so', () => {
    for (const url of ['http://localhost:8080', 'http://127.0.0.1', 'http://10.1.2.3', 'http://172.20.0.1', 'http://192.168.1.1', 'http://169.254.169.254/latest', 'http://[::1]:80', 'http://[fd00::1]', 'http://[::ffff:127.0.0.1]']) {
      expect([url, webhookUrlProblem(url, false)]).toEqual([url, expect.stringMatching(/expected a public host/)]);
      expect([url, webhookUrlProblem(url, true)]).toEqual([url, undefined]);
    }
    expect(webhookUrlProblem('https://172.32.0.1', false)).toBeUndefined();
  });
});

describe('webhook secrets at rest', () => {
  const master = Buffer.from('m'.repeat(43));

  it('are sealed under the master key for their channel: the stored text does not reveal them, and opens only there', () => {
    const secrets = new WebhookSecrets(master);
    const sealed = secrets.seal('webshop', 'the-secret-of-the-webshop-123');
    expect(sealed).toMatch(/^whs:v1:/);
    expect(sealed).not.toContain('the-secret');
    expect(secrets.open('webshop', sealed)).toBe('the-secret-of-the-webshop-123');
    expect(secrets.open('marketplace', sealed)).toBeUndefined();
    expect(new WebhookSecrets(Buffer.from('n'.repeat(43))).open('webshop', sealed)).toBeUndefined();
    expect(new WebhookSecrets(undefined).open('webshop', sealed)).toBeUndefined();
  });

  it('are kept unsealed (and marked so) without a master key', () => {
    const secrets = new WebhookSecrets(undefined);
    expect(secrets.sealing).toBe(false);
    expect(secrets.open('webshop', secrets.seal('webshop', 'x'.repeat(24)))).toBe('x'.repeat(24));
  });
});
