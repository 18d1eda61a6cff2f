import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { allTopicSpecs } from '@orderflow/contracts';
import { createKafkaBus, MessageBus } from '@orderflow/messaging';
import { createDataSource, ensureDatabase, migrate, withRole } from '@orderflow/platform';
import { ensureFixtureRole, FaultProxy, FIXTURE_ROLE, serviceUrl, TEST_ADMIN_URL_BASE, TEST_SYSTEM_KEYS, uniqueSuffix } from '@orderflow/testing';
import { DataSource } from 'typeorm';
import { allMigrations } from '../../tools/db/migrations';
import { ChaosBroker } from './broker';
import { SupervisedReplica } from './replica';

/** The services the chaos run replicates; the ingest gateway is left out (the load talks to Kafka). */
export const CHAOS_SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service'] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];

export interface ClusterOptions {
  replicas: number;
  /** Where every replica's log goes (one file each, kept across restarts). */
  logDir: string;
  restartDelayMs: number;
  log: (line: string) => void;
}

/**
 * The whole system as separate processes, on infrastructure of its own: a Kafka broker on its own
 * ports and data directory, a database of its own on the shared PostgreSQL server, reached by
 * every service through a fault proxy (migrations go direct), and N replicas of each service.
 */
export class ChaosCluster {
  readonly namespace = 'chaos';
  private bus?: MessageBus;
  private dataSource?: DataSource;

  private constructor(
    readonly broker: ChaosBroker,
    readonly proxy: FaultProxy,
    readonly databaseName: string,
    readonly adminUrl: string,
    readonly replicas: SupervisedReplica[],
  ) {}

  static async start(options: ClusterOptions): Promise<ChaosCluster> {
    const { log } = options;
    const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
    const databaseName = `orderflow_chaos_${uniqueSuffix()}`;
    const base = new URL(TEST_ADMIN_URL_BASE);
    base.pathname = `/${databaseName}`;
    const adminUrl = base.toString();
    const cleanups: (() => Promise<void>)[] = [];
    try {
      log(`kafka: own broker on 127.0.0.1:${kafkaPort} (controller ${controllerPort})`);
      const broker = await ChaosBroker.start({
        port: kafkaPort,
        controllerPort,
        dataDir: mkdtempSync(join(tmpdir(), 'orderflow-chaos-kafka-')),
      });
      cleanups.push(() => broker.stop());
      log(`database ${databaseName}: migrating`);
      await ensureDatabase(adminUrl);
      cleanups.push(() => dropDatabase(databaseName));
      await migrate(adminUrl, allMigrations);
      await ensureFixtureRole(adminUrl);
      const proxy = await FaultProxy.start({ target: { host: base.hostname, port: Number(base.port || 5432) } });
      cleanups.push(() => proxy.close());
      log(`fault proxy: services reach PostgreSQL through 127.0.0.1:${proxy.port}`);

      const bus = createKafkaBus({ brokers: [broker.address], clientId: 'orderflow-chaos-setup', logLevel: 'ERROR' });
      const admin = await bus.admin();
      try {
        await admin.ensureTopics(allTopicSpecs('chaos'));
      } finally {
        await admin.disconnect();
      }

      const env = {
        ...TEST_SYSTEM_KEYS,
        // The shared server has 100 connections for everyone: ten replicas must stay well below (48 here).
        DATABASE_POOL_SIZE: '4',
        KAFKA_BROKERS: broker.address,
        TOPIC_NAMESPACE: 'chaos',
        KAFKA_LOG_LEVEL: 'WARN',
      };
      const replicas: SupervisedReplica[] = [];
      for (const service of CHAOS_SERVICES) {
        for (let i = 0; i < options.replicas; i++) {
          // The query service serves HTTP reads besides its projectors: a few more connections.
          // Each service as its own database role, as in production (ADR 23).
          const own = { ...env, DATABASE_URL: proxy.rewrite(serviceUrl(adminUrl, service)), ...(service === 'query-service' ? { DATABASE_POOL_SIZE: '8' } : {}) };
          const replica = new SupervisedReplica(service, i, await freePort(), own, join(options.logDir, `${service}-${i + 1}.log`), options.restartDelayMs);
          replicas.push(replica);
        }
      }
      const cluster = new ChaosCluster(broker, proxy, databaseName, adminUrl, replicas);
      cleanups.length = 0;
      try {
        log(`starting ${replicas.length} processes (${options.replicas} of each of ${CHAOS_SERVICES.join(', ')})`);
        // A replica that dies while starting (the shared server briefly out of connections, say)
        // is restarted by its supervisor like any other exit, and shows in the table.
        await Promise.all(replicas.map((r) => r.start().catch(() => undefined)));
        await Promise.all(replicas.map((r) => r.waitHealthy(180_000)));
      } catch (err) {
        await cluster.stop();
        throw err;
      }
      return cluster;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw err;
    }
  }

  get appUrl(): string {
    return withRole(this.adminUrl, FIXTURE_ROLE);
  }

  /** A query service replica's URL (the first one: any of them serves the same tables). */
  get queryUrl(): string {
    return this.replicasOf('query-service')[0].url;
  }

  replicasOf(service: ChaosService): SupervisedReplica[] {
    return this.replicas.filter((r) => r.service === service);
  }

  messageBus(): MessageBus {
    this.bus ??= createKafkaBus({ brokers: [this.broker.address], clientId: 'orderflow-chaos', logLevel: 'NOTHING' });
    return this.bus;
  }

  /** The checker's own connection, straight to PostgreSQL (not through the fault proxy). */
  async database(): Promise<DataSource> {
    if (!this.dataSource) {
      this.dataSource = createDataSource(this.adminUrl, { poolSize: 3, applicationName: 'orderflow-chaos-checker' });
      await this.dataSource.initialize();
    }
    return this.dataSource;
  }

  async stop({ keepDatabase = false } = {}): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.stop()));
    await this.proxy.close().catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    await this.broker.stop();
    if (!keepDatabase) await dropDatabase(this.databaseName);
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_URL_BASE });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
