import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { dbRoleOf } from '@orderflow/event-store';
import { METRIC_NAMES } from '@orderflow/observability';

/**
 * docker-compose.yml is not run here (no Docker engine), so its structure is checked instead;
 * `docker compose config -q` validates it against the Compose specification where the plugin is.
 */
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
}

const root = resolve(__dirname, '..');
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const APPS = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway'];
const { cli, kafka, postgres, setup } = compose.services;

/** `volume:/path` mounts of a service, as { volume: path }, for the named volumes the file declares. */
function namedMounts(svc: ComposeService): Record<string, string> {
  const mounts = (svc.volumes ?? []).map((v) => v.split(':')).filter(([name]) => name in compose.volumes);
  return Object.fromEntries(mounts.map(([name, path]) => [name, path]));
}

describe('docker-compose.yml', () => {
  it('runs Kafka in KRaft mode, PostgreSQL, a setup job, the six services, the payment simulator, Prometheus and Grafana, and the CLI on demand', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['kafka', 'postgres', 'setup', 'cli', 'prometheus', 'grafana', 'console', 'payment-simulator', ...APPS].sort(),
    );
    expect(compose.services['payment-simulator'].command).toEqual(expect.arrayContaining(['payments', 'simulate']));
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
    // Only `docker compose run cli ...` starts it; `up` does not.
    expect(cli.profiles).toEqual(['cli']);
  });

  it('starts each service from its own compiled entry point, after setup, with its broker and database', () => {
    for (const name of APPS) {
      const svc = compose.services[name];
      const entry = svc.command?.[svc.command.length - 1] ?? '';
      expect(entry).toBe(`dist/apps/${name}/src/main.js`); // what the image's `node scripts/build.js` emits
      expect(existsSync(resolve(root, `apps/${name}/src/main.ts`))).toBe(true);
      expect(svc.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        setup: { condition: 'service_completed_successfully' },
      });
      expect(svc.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', DATABASE_URL: expect.stringContaining('@postgres:5432/') });
      // Each as its own database role (docs/adr/0023), never a shared one.
      expect(new URL(String(svc.environment?.DATABASE_URL)).username).toBe(dbRoleOf(name));
    }
  });

  it("runs the console from its compiled server, pointed at every service's compose address and port", () => {
    const svc = compose.services.console;
    expect(svc.command?.at(-1)).toBe('dist/apps/console/src/main.js');
    expect(existsSync(resolve(root, 'apps/console/src/main.ts'))).toBe(true);
    expect(svc.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.js']);
    for (const name of APPS) {
      const port = compose.services[name].environment?.PORT;
      expect([name, svc.environment?.[`${name.replace(/-/g, '_').toUpperCase()}_URL`]]).toEqual([name, `http://${name}:${port}`]);
    }
  });

  it("checks every service's health with the image's healthcheck, on the port the service listens on and publishes", () => {
    expect(existsSync(resolve(root, 'scripts/healthcheck.js'))).toBe(true);
    for (const name of APPS) {
      const svc = compose.services[name];
      expect([name, svc.healthcheck?.test]).toEqual([name, ['CMD', 'node', 'scripts/healthcheck.js']]);
      // The healthcheck asks on $PORT: the service must listen there, and the host reach it there.
      const containerPort = svc.ports?.[0]?.split(':').pop();
      expect([name, String(svc.environment?.PORT)]).toEqual([name, containerPort]);
    }
  });

  it('runs setup and the CLI as one-shot jobs (no healthcheck), as the schema owner and the operators', () => {
    for (const job of [setup, cli]) {
      expect(job.healthcheck).toEqual({ disable: true });
      expect(job.depends_on).toEqual({ kafka: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
      expect(new URL(String(job.environment?.DATABASE_URL)).username).toBe(dbRoleOf('cli'));
    }
    expect(setup.command?.join(' ')).toMatch(/dist\/tools\/db\/setup\.js .*dist\/tools\/kafka\/create-topics\.js/);
    expect(new URL(String(setup.environment?.DATABASE_ADMIN_URL)).username).toBe('postgres');
    // The bin runs dist/ as it is when the image has no build script (apps/cli/bin/orderflow.js).
    expect(cli.entrypoint).toEqual(['node', 'apps/cli/bin/orderflow.js']);
  });

  it('only depends on services it defines, with a condition they can meet, and publishes no host port twice', () => {
    const hostPorts: string[] = [];
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect([name, dep, dep in compose.services]).toEqual([name, dep, true]);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        // Awaiting `healthy` of a service without a healthcheck would wait forever.
        if (condition === 'service_healthy') expect([dep, compose.services[dep].healthcheck?.test?.length]).toEqual([dep, expect.any(Number)]);
      }
      hostPorts.push(...(svc.ports ?? []).map((p) => p.split(':')[0]));
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it("keeps Kafka's and PostgreSQL's data in named volumes, mounted where each really writes", () => {
    // apache/kafka writes to KAFKA_LOG_DIRS, whose default (/tmp/kraft-combined-logs) no volume keeps.
    expect(kafka.environment?.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data');
    expect(namedMounts(kafka)).toEqual({ 'kafka-data': kafka.environment?.KAFKA_LOG_DIRS });
    // postgres:15 keeps its cluster in PGDATA, by default /var/lib/postgresql/data.
    expect(postgres.image).toBe('postgres:15');
    expect(namedMounts(postgres)).toEqual({ 'pg-data': postgres.environment?.PGDATA ?? '/var/lib/postgresql/data' });
  });

  describe('Prometheus and Grafana (docs/adr/0026)', () => {
    const { prometheus, grafana } = compose.services;
    /** The host path a service mounts at `target`, resolved in the repository. */
    const mounted = (svc: ComposeService, target: string): string => {
      const mount = (svc.volumes ?? []).map((v) => v.split(':')).find(([, path]) => path === target);
      expect([target, mount?.[0]]).toEqual([target, expect.stringMatching(/^\.\//)]);
      return resolve(root, mount![0]);
    };

    it('scrapes GET /metrics of every app, on the port it listens on', () => {
      expect(prometheus.image).toMatch(/^prom\/prometheus:/);
      const config = parse(readFileSync(mounted(prometheus, '/etc/prometheus/prometheus.yml'), 'utf8')) as {
        scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
      };
      const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets.map((t) => `${job.metrics_path ?? '/metrics'} ${t}`)));
      expect(targets.sort()).toEqual(APPS.map((name) => `/metrics ${name}:${compose.services[name].environment?.PORT}`).sort());
      expect(prometheus.healthcheck?.test).toBeDefined();
    });

    it("provisions Grafana with Prometheus and a dashboard whose every query charts orderflow's metrics by their defined names", () => {
      expect(grafana.image).toMatch(/^grafana\/grafana:/);
      expect(grafana.depends_on).toEqual({ prometheus: { condition: 'service_healthy' } });
      const provisioning = mounted(grafana, '/etc/grafana/provisioning');
      const datasources = parse(readFileSync(resolve(provisioning, 'datasources/prometheus.yml'), 'utf8')) as { datasources: { type: string; url: string }[] };
      expect(datasources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' })]);
      const dashboards = mounted(grafana, '/var/lib/grafana/dashboards');
      const dashboard = JSON.parse(readFileSync(resolve(dashboards, 'orderflow.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
      const defined = new Set<string>(Object.values(METRIC_NAMES));
      const charted = new Set<string>();
      for (const panel of dashboard.panels) {
        expect([panel.title, panel.targets.length]).toEqual([panel.title, expect.any(Number)]);
        for (const { expr } of panel.targets) {
          // Less grouping labels, matchers and ranges, the names left that call nothing are metrics (a histogram's by its series suffix).
          const selectors = expr.replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
          const names = [...selectors.matchAll(/\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()/g)].map(([, n]) => n.replace(/_(bucket|count|sum)$/, ''));
          expect([panel.title, names.length > 0]).toEqual([panel.title, true]);
          for (const name of names) {
            expect([panel.title, name, defined.has(name)]).toEqual([panel.title, name, true]);
            charted.add(name);
          }
        }
      }
      expect([...defined].filter((name) => !charted.has(name))).toEqual([]);
    });
  });
});
