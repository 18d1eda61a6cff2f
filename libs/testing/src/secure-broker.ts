import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes';

const run = promisify(execFile);
const KAFKA_LIB = resolve(REPO_ROOT, 'tools/kafka/target/lib');
const PEM_EXPORT = resolve(REPO_ROOT, 'tools/kafka/PemExport.java');

/**
 * A Kafka broker of a test's own that requires what a managed cluster does, from the jars
 * tools/kafka/kafka.sh installs, in a temporary directory on free ports (the shared broker is never
 * touched). Two listeners: SASL_SSL with SCRAM-SHA-512 and SCRAM-SHA-256, and SSL that requires a
 * client certificate. The certificates come from Java's keytool: a CA, the broker's certificate for
 * 127.0.0.1, and a client certificate, the last two signed by the CA.
 */
export interface SecureBroker {
  /** host:port of the SASL_SSL listener (SCRAM over TLS, no client certificate). */
  saslAddress: string;
  /** host:port of the SSL listener (client certificate required). */
  mtlsAddress: string;
  /** The CA that signed the broker's and the client's certificates (PEM). */
  caFile: string;
  /** A client certificate signed by the CA, and its unencrypted key (PEM). */
  clientCertFile: string;
  clientKeyFile: string;
  /** A SCRAM user known to the broker, for both mechanisms. */
  username: string;
  password: string;
  dir: string;
  stop(): Promise<void>;
}

const STORE_PASSWORD = 'orderflow-test-store';

export async function startSecureBroker(options: { heap?: string } = {}): Promise<SecureBroker> {
  if (!existsSync(KAFKA_LIB)) throw new Error(`no Kafka jars in ${KAFKA_LIB}: run bash tools/kafka/kafka.sh install`);
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-secure-kafka-'));
  try {
    const [saslPort, mtlsPort, controllerPort] = await freePorts(3);
    const tls = await makeCertificates(join(dir, 'tls'));
    const username = 'orderflow';
    const password = randomBytes(12).toString('base64url');
    const properties = join(dir, 'server.properties');
    writeFileSync(properties, serverProperties({ dir, saslPort, mtlsPort, controllerPort, tls }));
    writeFileSync(join(dir, 'log4j.properties'), log4j(join(dir, 'server.log')));

    const scram = (mechanism: string, name: string, secret: string) => ['--add-scram', `${mechanism}=[name=${name},password=${secret}]`];
    await java(dir, [
      'kafka.tools.StorageTool',
      'format',
      '-t',
      randomBytes(16).toString('base64url'),
      '-c',
      properties,
      ...scram('SCRAM-SHA-512', 'broker', INTER_BROKER_PASSWORD),
      ...scram('SCRAM-SHA-512', username, password),
      ...scram('SCRAM-SHA-256', username, password),
    ]);
    const child = spawn('java', [...jvmArgs(dir, options.heap ?? '-Xms128m -Xmx384m'), 'kafka.Kafka', properties], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    await waitForStart(child, join(dir, 'server.log'), () => stderr);

    return {
      saslAddress: `127.0.0.1:${saslPort}`,
      mtlsAddress: `127.0.0.1:${mtlsPort}`,
      caFile: tls.caFile,
      clientCertFile: tls.clientCertFile,
      clientKeyFile: tls.clientKeyFile,
      username,
      password,
      dir,
      async stop() {
        process.removeListener('exit', killOnExit);
        await stopProcess(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const INTER_BROKER_PASSWORD = 'inter-broker-secret';

interface Certificates {
  brokerStore: string;
  trustStore: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}

/** A CA, a broker certificate for 127.0.0.1 and a client certificate, both signed by the CA. */
async function makeCertificates(dir: string): Promise<Certificates> {
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const keytool = (...args: string[]) => run('keytool', [...args, '-storepass', STORE_PASSWORD, '-noprompt'], { cwd: dir });
  const keypair = (store: string, alias: string, dname: string, ...ext: string[]) =>
    keytool('-genkeypair', '-keystore', path(store), '-storetype', 'PKCS12', '-alias', alias, '-keyalg', 'RSA', '-keysize', '2048', '-validity', '2', '-dname', dname, ...ext);
  /** Has the CA sign `alias`'s key in `store`, and puts the chain back into the store. */
  const signed = async (store: string, alias: string, ...ext: string[]) => {
    await keytool('-certreq', '-keystore', path(store), '-alias', alias, '-file', path(`${alias}.csr`));
    await keytool('-gencert', '-keystore', path('ca.p12'), '-alias', 'ca', '-infile', path(`${alias}.csr`), '-outfile', path(`${alias}.pem`), '-rfc', '-validity', '2', ...ext);
    await keytool('-importcert', '-keystore', path(store), '-alias', 'ca', '-file', path('ca.pem'));
    await keytool('-importcert', '-keystore', path(store), '-alias', alias, '-file', path(`${alias}.pem`));
  };

  await keypair('ca.p12', 'ca', 'CN=orderflow test CA', '-ext', 'bc:c');
  await keytool('-exportcert', '-keystore', path('ca.p12'), '-alias', 'ca', '-rfc', '-file', path('ca.pem'));
  await keytool('-importcert', '-keystore', path('truststore.p12'), '-storetype', 'PKCS12', '-alias', 'ca', '-file', path('ca.pem'));

  await keypair('broker.p12', 'broker', 'CN=127.0.0.1');
  await signed('broker.p12', 'broker', '-ext', 'SAN=IP:127.0.0.1,DNS:localhost', '-ext', 'EKU=serverAuth,clientAuth');

  await keypair('client.p12', 'client', 'CN=orderflow-client');
  await signed('client.p12', 'client', '-ext', 'EKU=clientAuth');
  await run('java', [PEM_EXPORT, path('client.p12'), STORE_PASSWORD, 'client', path('client.key'), path('client-chain.pem')], { cwd: dir });

  return {
    brokerStore: path('broker.p12'),
    trustStore: path('truststore.p12'),
    caFile: path('ca.pem'),
    clientCertFile: path('client-chain.pem'),
    clientKeyFile: path('client.key'),
  };
}

function serverProperties(o: { dir: string; saslPort: number; mtlsPort: number; controllerPort: number; tls: Certificates }): string {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${o.controllerPort}
listeners=SASL_SSL://127.0.0.1:${o.saslPort},SSL://127.0.0.1:${o.mtlsPort},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=SASL_SSL://127.0.0.1:${o.saslPort},SSL://127.0.0.1:${o.mtlsPort}
controller.listener.names=CONTROLLER
listener.security.protocol.map=SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${INTER_BROKER_PASSWORD}";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.ssl.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=${o.tls.brokerStore}
ssl.keystore.password=${STORE_PASSWORD}
ssl.key.password=${STORE_PASSWORD}
ssl.truststore.type=PKCS12
ssl.truststore.location=${o.tls.trustStore}
ssl.truststore.password=${STORE_PASSWORD}
log.dirs=${join(o.dir, 'logs')}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=2
`;
}

const log4j = (file: string) => `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${file}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
`;

const jvmArgs = (dir: string, heap: string) => [
  ...heap.split(' ').filter(Boolean),
  '-XX:+UseG1GC',
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
  '-cp',
  `${KAFKA_LIB}/*`,
];

async function java(dir: string, args: string[]): Promise<void> {
  await run('java', [...jvmArgs(dir, '-Xmx256m'), ...args], { cwd: dir });
}

async function waitForStart(child: ChildProcess, log: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    if (/Kafka Server started|started \(kafka\.server\.KafkaRaftServer\)/.test(text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
  // The first errors say why; the tail is only its shutdown.
  const first = lines.findIndex((l) => /\b(ERROR|FATAL)\b/.test(l));
  const tail = (first >= 0 ? lines.slice(first, first + 12) : lines.slice(-20)).join('\n');
  await stopProcess(child);
  throw new Error(`the secure test broker did not start:\n${tail}\n${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function freePorts(n: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<number>((done, fail) => {
          const server = createServer();
          server.once('error', fail);
          server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => done(port));
          });
        }),
    ),
  );
}
