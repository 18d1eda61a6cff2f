import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, platformEnvSchema } from './config';
import { describeKafkaSecurity, kafkaBusConfig } from './kafka-client';

const PASSWORD = 's3cr3t-Pa55word';

describe('Kafka client configuration from the environment', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const kafka = (env: Record<string, string>) => kafkaBusConfig(loadConfig(platformEnvSchema, env), 'order-service');
  const refusal = (env: Record<string, string>): string => {
    try {
      kafka(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected the configuration to be refused');
  };
  const scram = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'orderflow', KAFKA_SASL_PASSWORD: PASSWORD };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-client-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plaintext without authentication when nothing is set, as on a developer machine', () => {
    const config = kafka({});
    expect(config).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'order-service',
      logLevel: 'WARN',
      fetchMinBytes: 1,
      fetchMaxWaitMs: 250,
    });
    expect(describeKafkaSecurity(config)).toBe('no SASL, plaintext');
  });

  it('treats variables set to the empty string as unset, as compose files leave them', () => {
    expect(kafka({ KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_TLS: '', KAFKA_TLS_CA_FILE: '' })).not.toHaveProperty('tls');
  });

  it('authenticates with SCRAM over TLS verified against the system CAs when only the credentials are given', () => {
    const config = kafka({ ...scram, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' });
    expect(config.sasl).toMatchObject({ mechanism: 'scram-sha-512', username: 'orderflow' });
    expect(config.sasl!.password()).toBe(PASSWORD);
    expect(config.tls).toEqual({ ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: true });
    expect(describeKafkaSecurity(config)).toBe(`SASL scram-sha-512 as "orderflow", TLS verified against the system's CAs`);
  });

  it.each(['scram-sha-256', 'plain'])('takes the %s mechanism', (mechanism) => {
    expect(kafka({ ...scram, KAFKA_SASL_MECHANISM: mechanism }).sasl?.mechanism).toBe(mechanism);
  });

  it('never shows the password when the configuration is logged, serialised or described', () => {
    const config = kafka(scram);
    for (const shown of [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.sasl), describeKafkaSecurity(config)]) {
      expect(shown).not.toContain(PASSWORD);
    }
  });

  it('reads the password from a file, without the newline that ends it', () => {
    const config = kafka({ ...scram, KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: file('password', `${PASSWORD}\n`) });
    expect(config.sasl!.password()).toBe(PASSWORD);
  });

  it('goes without TLS over SASL only when KAFKA_TLS is explicitly false', () => {
    const config = kafka({ ...scram, KAFKA_TLS: 'false' });
    expect(config.sasl?.mechanism).toBe('scram-sha-512');
    expect(config).not.toHaveProperty('tls');
  });

  it('turns TLS on without SASL when asked, or when a TLS setting is given', () => {
    expect(kafka({ KAFKA_TLS: 'true' }).tls).toEqual({ rejectUnauthorized: true });
    expect(kafka({ KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' }).tls).toEqual({ rejectUnauthorized: false });
    expect(describeKafkaSecurity(kafka({ KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' }))).toBe('no SASL, TLS NOT verified');
    expect(kafka({}).tls).toBeUndefined();
  });

  it('takes an unencrypted PEM private key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    // The key alone is fine as far as the key goes; the certificate it lacks is what is refused.
    expect(refusal({ KAFKA_TLS_KEY_FILE: file('client.key', privateKey) })).toBe(
      'invalid Kafka configuration: KAFKA_TLS_CERT_FILE: required with KAFKA_TLS_KEY_FILE (not set)',
    );
  });

  describe('refuses at start, naming the variable', () => {
    it('a mechanism without username and password', () => {
      const message = refusal({ KAFKA_SASL_MECHANISM: 'scram-sha-256' });
      expect(message).toMatch(/KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-256 \(not set\)/);
      expect(message).toMatch(/KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-256, or KAFKA_SASL_PASSWORD_FILE \(neither set\)/);
    });

    it('a password without a username', () => {
      expect(refusal({ ...scram, KAFKA_SASL_USERNAME: '' })).toMatch(/KAFKA_SASL_USERNAME: required/);
    });

    it('an unknown mechanism', () => {
      expect(() => kafka({ ...scram, KAFKA_SASL_MECHANISM: 'oauthbearer' })).toThrow(
        'KAFKA_SASL_MECHANISM: expected scram-sha-256, scram-sha-512 or plain, got "oauthbearer"',
      );
    });

    it('credentials without a mechanism, which would otherwise be silently ignored', () => {
      const message = refusal({ KAFKA_SASL_USERNAME: 'orderflow', KAFKA_SASL_PASSWORD: PASSWORD });
      expect(message).toMatch(/KAFKA_SASL_USERNAME: set, but KAFKA_SASL_MECHANISM is not/);
      expect(message).toMatch(/KAFKA_SASL_PASSWORD: set, but KAFKA_SASL_MECHANISM is not/);
      expect(message).not.toContain(PASSWORD);
    });

    it('a password given twice, without repeating it', () => {
      const message = refusal({ ...scram, KAFKA_SASL_PASSWORD_FILE: file('password-twice', PASSWORD) });
      expect(message).toMatch(/KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE: both set/);
      expect(message).not.toContain(PASSWORD);
    });

    it('an empty password file', () => {
      expect(refusal({ ...scram, KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') })).toMatch(/KAFKA_SASL_PASSWORD_FILE: .*empty is empty/);
    });

    it('files that cannot be read, each by its variable', () => {
      const missing = join(dir, 'nowhere');
      const message = refusal({
        ...scram,
        KAFKA_SASL_PASSWORD: '',
        KAFKA_SASL_PASSWORD_FILE: `${missing}/password`,
        KAFKA_TLS_CA_FILE: `${missing}/ca.pem`,
        KAFKA_TLS_CERT_FILE: dir, // a directory
        KAFKA_TLS_KEY_FILE: `${missing}/client.key`,
      });
      expect(message).toContain(`KAFKA_SASL_PASSWORD_FILE: cannot read ${missing}/password: ENOENT`);
      expect(message).toContain(`KAFKA_TLS_CA_FILE: cannot read ${missing}/ca.pem: ENOENT`);
      expect(message).toContain(`KAFKA_TLS_CERT_FILE: cannot read ${dir}: EISDIR`);
      expect(message).toContain(`KAFKA_TLS_KEY_FILE: cannot read ${missing}/client.key: ENOENT`);
    });

    it('a CA file that holds no certificate, or one that does not parse', () => {
      expect(refusal({ KAFKA_TLS_CA_FILE: file('not-a-ca.pem', 'hello') })).toMatch(/KAFKA_TLS_CA_FILE: .*not-a-ca\.pem holds no PEM certificate/);
      const broken = file('broken-ca.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
      expect(refusal({ KAFKA_TLS_CA_FILE: broken })).toMatch(/KAFKA_TLS_CA_FILE: certificate 1 in .*broken-ca\.pem cannot be parsed/);
    });

    it('a key file that holds no key, or an encrypted one', () => {
      const cert = file('cert.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
      expect(refusal({ KAFKA_TLS_CERT_FILE: cert, KAFKA_TLS_KEY_FILE: file('junk.key', 'junk') })).toMatch(/KAFKA_TLS_KEY_FILE: .*junk\.key holds no PEM private key/);
      const encrypted = file('encrypted.key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n');
      expect(refusal({ KAFKA_TLS_CERT_FILE: cert, KAFKA_TLS_KEY_FILE: encrypted })).toMatch(/KAFKA_TLS_KEY_FILE: the key in .* is encrypted/);
    });

    it('a client certificate without its key', () => {
      expect(refusal({ KAFKA_TLS_CERT_FILE: file('lonely-cert.pem', 'x') })).toMatch(/KAFKA_TLS_KEY_FILE: required with KAFKA_TLS_CERT_FILE \(not set\)/);
    });

    it('TLS settings while KAFKA_TLS is false', () => {
      const message = refusal({ KAFKA_TLS: 'false', KAFKA_TLS_CA_FILE: '/etc/ca.pem', KAFKA_TLS_REJECT_UNAUTHORIZED: 'true' });
      expect(message).toMatch(/KAFKA_TLS_CA_FILE: set, but KAFKA_TLS is false/);
      expect(message).toMatch(/KAFKA_TLS_REJECT_UNAUTHORIZED: set, but KAFKA_TLS is false/);
    });

    it('a switch that is neither true nor false', () => {
      expect(() => kafka({ KAFKA_TLS: 'yes' })).toThrow('KAFKA_TLS: expected true or false, got "yes"');
      expect(() => kafka({ KAFKA_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow('KAFKA_TLS_REJECT_UNAUTHORIZED: expected true or false, got "0"');
    });
  });

  it('never repeats the value of a secret variable in a refusal', () => {
    const schema = z.object({ KAFKA_SASL_PASSWORD: z.string().min(100), API_TOKEN: z.string().min(100) });
    expect(() => loadConfig(schema, { KAFKA_SASL_PASSWORD: PASSWORD, API_TOKEN: PASSWORD })).toThrow(/KAFKA_SASL_PASSWORD: .* \(value not shown\)/);
    expect(() => loadConfig(schema, { KAFKA_SASL_PASSWORD: PASSWORD, API_TOKEN: PASSWORD })).not.toThrow(new RegExp(PASSWORD));
  });
});
