import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, databaseUrlOf, loadConfig, platformEnvSchema } from './config';

describe('service configuration from the environment', () => {
  it('works on a developer machine with nothing set', () => {
    const config = loadConfig(platformEnvSchema, {});
    expect(config).toMatchObject({ KAFKA_BROKERS: ['127.0.0.1:9092'], TOPIC_NAMESPACE: '' });
    // Each service as its own database role (ADR 23), never a shared one.
    expect(databaseUrlOf(config, 'order-service')).toBe('postgres://orderflow_order@127.0.0.1:5432/orderflow');
    expect(databaseUrlOf(config, 'ingest-gateway')).toBe('postgres://orderflow_gateway@127.0.0.1:5432/orderflow');
    expect(databaseUrlOf(config, 'cli')).toBe('postgres://orderflow_admin@127.0.0.1:5432/orderflow');
  });

  it('puts the password of DATABASE_PASSWORD_FILE into a URL that has none, and refuses an unreadable or empty file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderflow-config-'));
    const file = join(dir, 'db-password');
    writeFileSync(file, 'p@ss:w/rd\n');
    const env = (more: Record<string, string>) => loadConfig(platformEnvSchema, { DATABASE_PASSWORD_FILE: file, ...more });
    expect(new URL(databaseUrlOf(env({}), 'query-service')).password).toBe(encodeURIComponent('p@ss:w/rd'));
    expect(databaseUrlOf(env({ DATABASE_URL: 'postgres://u:given@db:5432/x' }), 'query-service')).toBe('postgres://u:given@db:5432/x');
    writeFileSync(file, '\n');
    expect(() => databaseUrlOf(env({}), 'query-service')).toThrow(/DATABASE_PASSWORD_FILE: .* is empty/);
    expect(() => databaseUrlOf(env({ DATABASE_PASSWORD_FILE: join(dir, 'missing') }), 'query-service')).toThrow(/DATABASE_PASSWORD_FILE: cannot read/);
  });

  it('splits a broker list', () => {
    expect(loadConfig(platformEnvSchema, { KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }).KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('stops with a message naming each bad variable, what was expected and what arrived', () => {
    const load = () => loadConfig(platformEnvSchema, { KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x', DATABASE_POOL_SIZE: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_URL: expected a postgres:\/\/ URL, got "mysql:\/\/x"/);
    expect(load).toThrow(/KAFKA_BROKERS: expected comma-separated host:port pairs, got "localhost"/);
    expect(load).toThrow(/DATABASE_POOL_SIZE: .*got "0"/);
  });
});
