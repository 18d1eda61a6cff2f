import { ConfigError, loadConfig, platformEnvSchema } from './config';

describe('service configuration from the environment', () => {
  it('works on a developer machine with nothing set', () => {
    expect(loadConfig(platformEnvSchema, {})).toMatchObject({
      DATABASE_URL: 'postgres://orderflow_app@127.0.0.1:5432/orderflow',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      TOPIC_NAMESPACE: '',
    });
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
