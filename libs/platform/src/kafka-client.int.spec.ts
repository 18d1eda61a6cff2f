import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafkaBus, readTopicToEnd } from '@orderflow/messaging';
import { SecureBroker, startSecureBroker } from '@orderflow/testing';
import { ConfigError, loadConfig, platformEnvSchema } from './config';
import { kafkaBusConfig } from './kafka-client';

type Env = Record<string, string>;

/**
 * The project's Kafka client factory against a broker of this spec's own that requires what a
 * managed cluster does: SCRAM over TLS on one listener, a client certificate on another. The shared
 * broker is not involved.
 */
describe('Kafka clients from the environment, against a broker that requires SCRAM over TLS or a client certificate', () => {
  let broker: SecureBroker;

  beforeAll(async () => {
    broker = await startSecureBroker();
  }, 240_000);
  afterAll(async () => {
    await broker?.stop();
    jest.restoreAllMocks();
  });

  const busFrom = (env: Env, retries?: number) =>
    createKafkaBus(kafkaBusConfig(loadConfig(platformEnvSchema, env), `secure-spec-${randomUUID()}`, { logLevel: 'NOTHING', retries }));
  const scram = (overrides: Env = {}): Env => ({
    KAFKA_BROKERS: broker.saslAddress,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: broker.username,
    KAFKA_SASL_PASSWORD: broker.password,
    KAFKA_TLS_CA_FILE: broker.caFile,
    ...overrides,
  });

  /** Creates a topic, produces keyed records and reads them back, all through clients made from `env`. */
  async function roundTrip(env: Env): Promise<{ key: string | undefined; value: string | undefined }[]> {
    const bus = busFrom(env);
    const topic = `secure.${randomUUID()}`;
    const admin = await bus.admin();
    try {
      await admin.ensureTopics([{ topic, partitions: 2 }]);
    } finally {
      await admin.disconnect();
    }
    const producer = await bus.producer();
    try {
      await producer.send(['W-1', 'W-2', 'W-3'].map((id) => ({ topic, key: `webshop:${id}`, value: JSON.stringify({ externalOrderId: id }) })));
    } finally {
      await producer.disconnect();
    }
    const records = await readTopicToEnd(bus, topic);
    return records.map((r) => ({ key: r.key?.toString(), value: r.value?.toString() })).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }

  const sent = ['W-1', 'W-2', 'W-3'].map((id) => ({ key: `webshop:${id}`, value: JSON.stringify({ externalOrderId: id }) }));

  it('creates topics, produces and consumes with SCRAM-SHA-512 over TLS verified against the configured CA', async () => {
    expect(await roundTrip(scram())).toEqual(sent);
  });

  it('does the same with SCRAM-SHA-256 and the password read from a file', async () => {
    const passwordFile = join(broker.dir, 'password');
    writeFileSync(passwordFile, `${broker.password}\n`);
    expect(await roundTrip(scram({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256', KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: passwordFile }))).toEqual(sent);
  });

  it('is refused by the broker with a wrong password, and says so without the password', async () => {
    const wrong = `${broker.password}-not`;
    // Refused at once: a failed authentication is not retried.
    const attempt = busFrom(scram({ KAFKA_SASL_PASSWORD: wrong })).producer();
    await expect(attempt).rejects.toThrow(/SASL SCRAM SHA512 authentication failed.*invalid credentials/);
    await attempt.catch((err: Error) => expect(`${err.message} ${err.stack}`).not.toContain(wrong));
  });

  it('is refused with an unknown user', async () => {
    await expect(busFrom(scram({ KAFKA_SASL_USERNAME: 'mallory' })).admin()).rejects.toThrow(/authentication failed/);
  });

  it('will not talk to a broker whose certificate it cannot verify: without the CA, the system CAs do not know it', async () => {
    await expect(busFrom(scram({ KAFKA_TLS_CA_FILE: '' }), 0).admin()).rejects.toThrow(/self-signed certificate in certificate chain/);
  });

  it('talks to that broker unverified only when KAFKA_TLS_REJECT_UNAUTHORIZED=false', async () => {
    expect(await roundTrip(scram({ KAFKA_TLS_CA_FILE: '', KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' }))).toEqual(sent);
  });

  it('cannot authenticate with SASL when TLS is switched off against a TLS listener', async () => {
    await expect(busFrom(scram({ KAFKA_TLS: 'false', KAFKA_TLS_CA_FILE: '' }), 0).admin()).rejects.toThrow(/Closed connection/);
  });

  it('authenticates by client certificate on a listener that requires one', async () => {
    const mtls: Env = {
      KAFKA_BROKERS: broker.mtlsAddress,
      KAFKA_TLS_CA_FILE: broker.caFile,
      KAFKA_TLS_CERT_FILE: broker.clientCertFile,
      KAFKA_TLS_KEY_FILE: broker.clientKeyFile,
    };
    expect(await roundTrip(mtls)).toEqual(sent);
    // Without one, the broker ends the handshake.
    await expect(busFrom({ KAFKA_BROKERS: broker.mtlsAddress, KAFKA_TLS_CA_FILE: broker.caFile }, 0).admin()).rejects.toThrow(/bad certificate/);
  });

  it('refuses at start a client certificate given with a key that is not its own', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const otherKey = join(broker.dir, 'other.key');
    writeFileSync(otherKey, privateKey);
    const env = loadConfig(platformEnvSchema, { KAFKA_TLS_CERT_FILE: broker.clientCertFile, KAFKA_TLS_KEY_FILE: otherKey });
    expect(() => kafkaBusConfig(env, 'spec')).toThrow(ConfigError);
    expect(() => kafkaBusConfig(env, 'spec')).toThrow(/KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE: the key does not belong to the certificate/);
  });

  it('never writes the password to the log, even at DEBUG through a whole round trip and a refused one', async () => {
    const lines: string[] = [];
    // Held until the end of the file: kafkajs still logs the connections it closes after the test.
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const debug = (env: Env) => createKafkaBus(kafkaBusConfig(loadConfig(platformEnvSchema, { ...env, KAFKA_LOG_LEVEL: 'DEBUG' }), 'secure-spec-debug'));
    const admin = await debug(scram()).admin();
    await admin.listTopics();
    await admin.disconnect();
    await debug(scram({ KAFKA_SASL_PASSWORD: 'wrong-pass-123' })).admin().catch(() => undefined);
    expect(lines.filter((l) => /SASL SCRAM SHA512 authentication successful/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /SASL SCRAM SHA512 authentication failed/.test(l)).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes(broker.password) || l.includes('wrong-pass-123'))).toEqual([]);
  });
});
