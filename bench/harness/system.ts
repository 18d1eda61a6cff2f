import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allTopicSpecs, topicName } from '@orderflow/contracts';
import { createKafkaBus, MessageBus } from '@orderflow/messaging';
import { bearer, issueApiKeyAt, REPO_ROOT, TEST_KAFKA_BROKERS, TEST_SYSTEM_KEYS, uniqueSuffix, waitFor } from '@orderflow/testing';
import { ChaosBroker } from '../../e2e/chaos/broker';
import { allMigrations } from '../../tools/db/migrations';
import { BenchDatabase, createBenchDatabase } from './database';
import { onCleanup } from './lifecycle';
import { buildServices, ServiceProcess, startCompiled } from './service-process';

/** Every process `npm start` runs (scripts/run.js), in its order. */
export const ALL_SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway'] as const;
export type ServiceName = (typeof ALL_SERVICES)[number];

export interface BenchSystemOptions {
  bench: string;
  services: readonly ServiceName[];
  /** A Kafka broker of the benchmark's own (ports and data directory of its own) instead of the shared one. */
  ownBroker: boolean;
  /**
   * DATABASE_POOL_SIZE for every service (the query service gets 4 more: its projectors hold
   * connections of their own for their leader locks); unset keeps each service's default, as
   * `npm start` does.
   */
  poolSize?: number;
  env?: Record<string, string>;
  keepDatabase: boolean;
  log: (line: string) => void;
}

export interface BenchService {
  name: ServiceName;
  url: string;
  process: ServiceProcess;
}

/**
 * The system as `npm start` brings it up — compiled to dist/, database migrated, every topic
 * created, each service its own Node process running the compiled code — on a database and a topic namespace of its own (or a broker of its own),
 * so that other users of the shared PostgreSQL and Kafka are never disturbed. Everything it
 * starts is stopped at cleanup; the topics and consumer groups it made are deleted.
 */
export class BenchSystem {
  readonly logDir: string;
  private reader?: Promise<string>;

  private constructor(
    readonly namespace: string,
    readonly db: BenchDatabase,
    readonly brokers: string[],
    readonly bus: MessageBus,
    readonly services: Map<ServiceName, BenchService>,
    logDir: string,
  ) {
    this.logDir = logDir;
  }

  /** The driver's Authorization header for the query API: an auditor key, issued once. */
  async readerHeaders(): Promise<Record<string, string>> {
    this.reader ??= issueApiKeyAt(this.db.appUrl, 'auditor', {}, 'bench driver');
    return bearer(await this.reader);
  }

  static async start(options: BenchSystemOptions): Promise<BenchSystem> {
    const { log } = options;
    const suffix = uniqueSuffix();
    const namespace = `bench${suffix}`;
    const logDir = resolve(REPO_ROOT, '.data/bench', `${options.bench}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(logDir, { recursive: true });
    const built = buildServices();
    log(`build: ${built.compiled} compiled, ${built.upToDate} up to date -> dist/`);

    let brokers = TEST_KAFKA_BROKERS;
    if (options.ownBroker) {
      const [port, controllerPort] = [await freePort(), await freePort()];
      log(`kafka: a broker of its own on 127.0.0.1:${port}`);
      const broker = await ChaosBroker.start({ port, controllerPort, dataDir: mkdtempSync(join(tmpdir(), 'orderflow-bench-kafka-')) });
      onCleanup('kafka broker', () => broker.stop());
      brokers = [broker.address];
    }

    const db = await createBenchDatabase(options.bench, allMigrations, { keep: options.keepDatabase, log });
    log(`database ${db.name}: migrated`);

    const bus = createKafkaBus({ brokers, clientId: 'orderflow-bench', logLevel: 'ERROR' });
    const topics = allTopicSpecs(namespace);
    const admin = await bus.admin();
    try {
      await admin.ensureTopics(topics);
    } finally {
      await admin.disconnect();
    }
    if (!options.ownBroker) {
      onCleanup(`topics and consumer groups of ${namespace}`, async () => {
        const cleaner = await bus.admin();
        try {
          for (const service of options.services) await cleaner.deleteGroup(topicName(service, namespace)).catch(() => undefined);
          await cleaner.deleteTopics(topics.map((t) => t.topic));
        } finally {
          await cleaner.disconnect();
        }
      });
    }
    log(`topics: ${topics.length} in namespace ${namespace}`);

    const services = new Map<ServiceName, BenchService>();
    const system = new BenchSystem(namespace, db, brokers, bus, services, logDir);
    // Registered before any process exists, so a failed start still stops those that did start.
    onCleanup('services', () => system.stopServices());
    const env = {
      ...TEST_SYSTEM_KEYS,
      KAFKA_BROKERS: brokers.join(','),
      TOPIC_NAMESPACE: namespace,
      KAFKA_LOG_LEVEL: 'WARN',
      // The driver watches the query API with one key, far above a client's rate: it must not be throttled.
      API_RATE_LIMIT_PER_SECOND: '0',
      ...options.env,
    };
    const poolOf = (name: ServiceName): Record<string, string> =>
      options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize + (name === 'query-service' ? 4 : 0)) } : {};
    log(`starting ${options.services.join(', ')} (logs in ${logDir})`);
    await Promise.all(
      options.services.map(async (name) => {
        const port = await freePort();
        const handle = startCompiled(`apps/${name}/src/main.ts`, { DATABASE_URL: db.urlFor(name), ...env, ...poolOf(name), PORT: String(port) }, join(logDir, `${name}.log`));
        services.set(name, { name, url: `http://127.0.0.1:${port}`, process: handle });
        await handle.waitForOutput(/ready on http/, 180_000);
      }),
    );
    await Promise.all(
      [...services.values()].map((s) => waitFor(`${s.name} healthy`, () => healthy(s.url), { timeoutMs: 120_000, intervalMs: 250 })),
    );
    return system;
  }

  topic(contractTopic: string): string {
    return topicName(contractTopic, this.namespace);
  }

  url(service: ServiceName): string {
    const s = this.services.get(service);
    if (!s) throw new Error(`${service} is not running in this benchmark`);
    return s.url;
  }

  /** Process ids by service name, for /proc readings. */
  pids(): Map<string, number> {
    return new Map([...this.services.values()].filter((s) => s.process.child.pid).map((s) => [s.name, s.process.child.pid!]));
  }

  /** Services that exited on their own (a benchmark of a crashed system measures nothing). */
  exited(): string[] {
    return [...this.services.values()].filter((s) => !s.process.running()).map((s) => s.name);
  }

  private async stopServices(): Promise<void> {
    await Promise.all(
      [...this.services.values()].map(async (s) => {
        const forced = setTimeout(() => void s.process.kill('SIGKILL'), 15_000);
        await s.process.kill('SIGTERM');
        clearTimeout(forced);
      }),
    );
  }
}

export async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
