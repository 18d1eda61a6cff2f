import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { dbRoleOf } from '@orderflow/event-store';

/** docker-compose.yml is not run here (no Docker engine), so its structure is checked instead. */
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

const root = resolve(__dirname, '..');
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const APPS = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway'];

describe('docker-compose.yml', () => {
  it('runs Kafka in KRaft mode, PostgreSQL, a setup job and the five services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'postgres', 'setup', ...APPS].sort());
    const kafka = compose.services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
  });

  it('starts each service from its own compiled entry point, after setup, with its broker and database', () => {
    for (const name of APPS) {
      const svc = compose.services[name];
      const entry = svc.command?.[svc.command.length - 1] ?? '';
      expect(entry).toBe(`dist/apps/${name}/src/main.js`); // what the image's `node scripts/build.js` emits
      expect(existsSync(resolve(root, `apps/${name}/src/main.ts`))).toBe(true);
      expect(svc.depends_on?.setup?.condition).toBe('service_completed_successfully');
      expect(svc.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', DATABASE_URL: expect.stringContaining('@postgres:5432/') });
      // Each as its own database role (docs/adr/0023), never a shared one.
      expect(new URL(String(svc.environment?.DATABASE_URL)).username).toBe(dbRoleOf(name));
    }
  });

  it('only depends on services it defines, and publishes no host port twice', () => {
    const hostPorts: string[] = [];
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect([name, dep, dep in compose.services]).toEqual([name, dep, true]);
      hostPorts.push(...(svc.ports ?? []).map((p) => p.split(':')[0]));
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });
});
