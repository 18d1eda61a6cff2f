import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Role, Scope } from '@orderflow/security';
import { ChildHandle, REPO_ROOT, spawnTs, waitFor } from '@orderflow/testing';
import { freePort, ServiceName, TestSystem } from '../../support/system';

const ALL_SERVICES: readonly ServiceName[] = [
  'order-service',
  'inventory-service',
  'shipping-service',
  'after-sales-service',
  'query-service',
  'ingest-gateway',
];

export type GatewayPath = '/v1/channel-orders' | '/v1/warehouse-operations' | '/v1/carrier-tracking';

/**
 * The whole system as processes plus the console's own server in front of it, reached as an
 * operator's browser reaches it: one origin serving the built bundle and proxying the APIs.
 */
export class ConsoleSystem {
  private constructor(
    readonly system: TestSystem,
    /** The console's origin, e.g. http://127.0.0.1:41234. */
    readonly url: string,
    private readonly server: ChildHandle,
  ) {}

  static async start(): Promise<ConsoleSystem> {
    const [started, built] = await Promise.allSettled([
      TestSystem.start(ALL_SERVICES, {
        // Every complaint due within hours, so a fresh one is on the "due within 24 h" work queue.
        serviceEnv: { 'after-sales-service': { COMPLAINT_SLA_HOURS: JSON.stringify({ default: 4 }) } },
      }),
      buildConsole(),
    ]);
    if (started.status === 'rejected') throw started.reason;
    const system = started.value;
    try {
      if (built.status === 'rejected') throw built.reason;
      const port = await freePort();
      const upstreams = Object.fromEntries([...system.services.values()].map((s) => [`${s.name.replace(/-/g, '_').toUpperCase()}_URL`, s.url]));
      const server = spawnTs('apps/console/src/main.ts', { PORT: String(port), HOST: '127.0.0.1', ...upstreams });
      await server.waitForOutput(/console ready on http/, 60_000);
      return new ConsoleSystem(system, `http://127.0.0.1:${port}`, server);
    } catch (err) {
      await system.stop();
      throw err;
    }
  }

  key(role: Role, scope: Scope = {}): Promise<string> {
    return this.system.key(role, scope);
  }

  /** GET on the query API (directly, not through the console) as this role: status and body. */
  async query<T = Record<string, unknown>>(path: string, role: Role = 'operator'): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.system.services.get('query-service')!.url}${path}`, { headers: await this.system.auth(role) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** Waits until the query API answers `path` with 200 and a body that `ready` accepts; returns the body. */
  until<T = Record<string, unknown>>(description: string, path: string, ready: (body: T) => boolean = () => true): Promise<T> {
    return waitFor(
      description,
      async () => {
        const { status, body } = await this.query<T>(path);
        return status === 200 && ready(body) ? body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  /** POSTs inbound messages to the ingest gateway as their senders do; throws unless all were accepted. */
  async ingest(path: GatewayPath, messages: readonly Record<string, unknown>[]): Promise<void> {
    const gateway = this.system.services.get('ingest-gateway')!.url;
    const res = await fetch(`${gateway}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await this.system.gatewayKeys.headersFor(path, messages)) },
      body: JSON.stringify(messages),
    });
    if (res.status !== 202) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  }

  async stop(): Promise<void> {
    await this.server.kill('SIGTERM');
    await this.system.stop();
  }
}

/**
 * scripts/build-console.js (skipped when the bundle is up to date) in a Node of its own: it imports
 * Vite, an ES module, which Jest's module system cannot load.
 */
async function buildConsole(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build-console.js'], { cwd: REPO_ROOT });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`the console's bundle did not build:\n${stdout}${stderr}`);
  }
  // The build is skipped when index.html is newer than every source; a blank page from an asset
  // deleted since would fail every test far less clearly than this.
  const web = join(REPO_ROOT, 'dist/apps/console/web');
  const assets = [...readFileSync(join(web, 'index.html'), 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  const missing = assets.filter((asset) => !existsSync(join(web, asset)));
  if (assets.length === 0 || missing.length > 0) {
    throw new Error(`the console's bundle is incomplete (missing: ${missing.join(', ') || 'every asset'}): rm ${web}/index.html && node scripts/build-console.js`);
  }
}
