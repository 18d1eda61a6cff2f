import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { KafkaBusConfig, KafkaSasl, KafkaTls } from '@orderflow/messaging';
import { ConfigError, PlatformConfig } from './config';

/** What of the platform configuration a Kafka client is made from. */
export type KafkaEnv = Pick<
  PlatformConfig,
  | 'KAFKA_BROKERS'
  | 'KAFKA_LOG_LEVEL'
  | 'KAFKA_FETCH_MIN_BYTES'
  | 'KAFKA_FETCH_MAX_WAIT_MS'
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
  | 'KAFKA_SASL_PASSWORD_FILE'
  | 'KAFKA_TLS'
  | 'KAFKA_TLS_CA_FILE'
  | 'KAFKA_TLS_CERT_FILE'
  | 'KAFKA_TLS_KEY_FILE'
  | 'KAFKA_TLS_REJECT_UNAUTHORIZED'
>;

const TLS_VARIABLES = ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE', 'KAFKA_TLS_REJECT_UNAUTHORIZED'] as const;

/**
 * The one place a Kafka client's configuration is made, for every service, the gateway, the relays,
 * the topic bootstrap and the CLI: brokers, fetch settings, and SASL and TLS from the environment
 * (docs/adr/0020). A combination that cannot work, or a file that cannot be read or is not what its
 * variable says, stops the start with a message naming the variable. No message repeats a password.
 */
export function kafkaBusConfig(env: KafkaEnv, clientId: string, overrides: Partial<Pick<KafkaBusConfig, 'logLevel' | 'retries'>> = {}): KafkaBusConfig {
  const problems: string[] = [];
  const sasl = saslOf(env, problems);
  const tls = tlsOf(env, problems);
  if (problems.length > 0) throw new ConfigError(`invalid Kafka configuration: ${problems.join('; ')}`);
  return {
    brokers: env.KAFKA_BROKERS,
    clientId,
    logLevel: overrides.logLevel ?? env.KAFKA_LOG_LEVEL,
    fetchMinBytes: env.KAFKA_FETCH_MIN_BYTES,
    fetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS,
    ...(overrides.retries !== undefined && { retries: overrides.retries }),
    ...(tls && { tls }),
    ...(sasl && { sasl }),
  };
}

/** One line for the start-up log: how the client reaches the brokers, never the password. */
export function describeKafkaSecurity(config: Pick<KafkaBusConfig, 'tls' | 'sasl'>): string {
  const sasl = config.sasl ? `SASL ${config.sasl.mechanism} as ${JSON.stringify(config.sasl.username)}` : 'no SASL';
  if (!config.tls) return `${sasl}, plaintext`;
  const trust = config.tls.ca ? 'the configured CA' : "the system's CAs";
  const verified = config.tls.rejectUnauthorized ? `verified against ${trust}` : 'NOT verified';
  return `${sasl}, TLS ${verified}${config.tls.cert ? ', client certificate' : ''}`;
}

function saslOf(env: KafkaEnv, problems: string[]): KafkaSasl | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism === undefined) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const) {
      if (env[name] !== undefined) problems.push(`${name}: set, but KAFKA_SASL_MECHANISM is not (expected scram-sha-256, scram-sha-512 or plain)`);
    }
    return undefined;
  }
  const username = env.KAFKA_SASL_USERNAME;
  if (username === undefined) problems.push(`KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=${mechanism} (not set)`);
  const password = passwordOf(env, mechanism, problems);
  if (username === undefined || password === undefined) return undefined;
  return { mechanism, username, password: () => password };
}

function passwordOf(env: KafkaEnv, mechanism: string, problems: string[]): string | undefined {
  const inline = env.KAFKA_SASL_PASSWORD;
  const file = env.KAFKA_SASL_PASSWORD_FILE;
  if (inline !== undefined && file !== undefined) {
    problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE: both set, expected one of them');
    return undefined;
  }
  if (inline !== undefined) return inline;
  if (file === undefined) {
    problems.push(`KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=${mechanism}, or KAFKA_SASL_PASSWORD_FILE (neither set)`);
    return undefined;
  }
  const text = readText('KAFKA_SASL_PASSWORD_FILE', file, problems);
  if (text === undefined) return undefined;
  // A secrets file written by `echo` ends in a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') problems.push(`KAFKA_SASL_PASSWORD_FILE: ${file} is empty`);
  return password === '' ? undefined : password;
}

/**
 * TLS is on when KAFKA_TLS=true, or when KAFKA_TLS is unset and SASL or any KAFKA_TLS_* variable is:
 * credentials are not sent in the clear unless someone said so.
 */
function tlsOf(env: KafkaEnv, problems: string[]): KafkaTls | undefined {
  const tlsSettings = TLS_VARIABLES.filter((name) => env[name] !== undefined);
  if (env.KAFKA_TLS === false) {
    for (const name of tlsSettings) problems.push(`${name}: set, but KAFKA_TLS is false`);
    return undefined;
  }
  if (env.KAFKA_TLS === undefined && env.KAFKA_SASL_MECHANISM === undefined && tlsSettings.length === 0) return undefined;

  const ca = env.KAFKA_TLS_CA_FILE === undefined ? undefined : certificatesIn('KAFKA_TLS_CA_FILE', env.KAFKA_TLS_CA_FILE, problems);
  const [certFile, keyFile] = [env.KAFKA_TLS_CERT_FILE, env.KAFKA_TLS_KEY_FILE];
  if (certFile !== undefined && keyFile === undefined) problems.push('KAFKA_TLS_KEY_FILE: required with KAFKA_TLS_CERT_FILE (not set)');
  if (keyFile !== undefined && certFile === undefined) problems.push('KAFKA_TLS_CERT_FILE: required with KAFKA_TLS_KEY_FILE (not set)');
  const cert = certFile === undefined ? undefined : certificatesIn('KAFKA_TLS_CERT_FILE', certFile, problems);
  const key = keyFile === undefined ? undefined : privateKeyIn('KAFKA_TLS_KEY_FILE', keyFile, problems);
  if (cert !== undefined && key !== undefined) {
    try {
      createSecureContext({ cert, key });
    } catch (err) {
      problems.push(`KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE: the key does not belong to the certificate (${(err as Error).message})`);
    }
  }
  return { ca, cert, key, rejectUnauthorized: env.KAFKA_TLS_REJECT_UNAUTHORIZED ?? true };
}

function readText(name: string, file: string, problems: string[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${name}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return undefined;
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The file's PEM certificates, each parsed, so that a wrong file fails here rather than at the first connection. */
function certificatesIn(name: string, file: string, problems: string[]): string | undefined {
  const text = readText(name, file, problems);
  if (text === undefined) return undefined;
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    problems.push(`${name}: ${file} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
    return undefined;
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (err) {
      problems.push(`${name}: certificate ${i + 1} in ${file} cannot be parsed (${(err as Error).message})`);
      return undefined;
    }
  }
  return text;
}

function privateKeyIn(name: string, file: string, problems: string[]): string | undefined {
  const text = readText(name, file, problems);
  if (text === undefined) return undefined;
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    problems.push(`${name}: the key in ${file} is encrypted; expected an unencrypted PEM private key`);
    return undefined;
  }
  try {
    createPrivateKey(text);
  } catch (err) {
    problems.push(`${name}: ${file} holds no PEM private key (${(err as Error).message})`);
    return undefined;
  }
  return text;
}
