import { DataSource } from 'typeorm';
import { createDataSource } from '@orderflow/platform';
import { ApiKeys, Role, Scope } from '@orderflow/security';

/** Issues an API key in the test's database, as `npx orderflow keys create` would; returns the token. */
export async function issueApiKey(dataSource: DataSource, role: Role, scope: Scope = {}, name = `test ${role}`): Promise<string> {
  const { token } = await new ApiKeys(dataSource).create({ role, scope, name, actor: 'test' });
  return token;
}

/** The same, in the database at `url` (a benchmark's or a cluster's), over a connection of its own. */
export async function issueApiKeyAt(url: string, role: Role, scope: Scope = {}, name = `test ${role}`): Promise<string> {
  const dataSource = await createDataSource(url, { poolSize: 1, applicationName: 'orderflow-test-keys' }).initialize();
  try {
    return await issueApiKey(dataSource, role, scope, name);
  } finally {
    await dataSource.destroy();
  }
}

/** The Authorization header for a token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Keys issued once per role and scope in one database, then handed out again: a test's key ring. */
export class IssuedKeys {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly namePrefix = 'test',
  ) {}

  token(role: Role, scope: Scope = {}): Promise<string> {
    const id = `${role}:${JSON.stringify(scope)}`;
    let token = this.tokens.get(id);
    if (!token) {
      token = issueApiKey(this.dataSource, role, scope, `${this.namePrefix} ${role}`);
      this.tokens.set(id, token);
    }
    return token;
  }
}

/**
 * Keys for a test that posts to the ingest gateway as its senders would: a channel key for the
 * channel a channel-orders body speaks for (the first message's, issued on first use), and
 * warehouse and carrier keys for every warehouse and carrier. The test's own assertions are then
 * about its messages, not about keys (which the access specs test).
 */
export class GatewayKeys {
  private readonly keys: IssuedKeys;

  constructor(dataSource: DataSource) {
    this.keys = new IssuedKeys(dataSource);
  }

  /** The Authorization header for posting `body` to `path` (e.g. /v1/channel-orders). */
  async headersFor(path: string, body: unknown): Promise<Record<string, string>> {
    return bearer(await this.tokenFor(path, body));
  }

  tokenFor(path: string, body: unknown): Promise<string> {
    if (path.endsWith('/warehouse-operations')) return this.keys.token('warehouse', { warehouse: '*' });
    if (path.endsWith('/carrier-tracking')) return this.keys.token('carrier', { carrier: '*' });
    if (path.endsWith('/production-events')) return this.keys.token('factory', {});
    return this.keys.token('channel', { channel: channelOf(body) ?? 'webshop' });
  }
}

function channelOf(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      value = JSON.parse(value.toString());
    } catch {
      return undefined;
    }
  }
  const first = Array.isArray(value) ? value[0] : value;
  const channel = first && typeof first === 'object' ? (first as { channel?: unknown }).channel : undefined;
  return typeof channel === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(channel) ? channel : undefined;
}
