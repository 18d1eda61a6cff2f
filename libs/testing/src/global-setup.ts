import { connect } from 'node:net';
import { Client } from 'pg';

// Runs outside Jest's module map, so it uses only packages, not @orderflow/* paths.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** Fails fast, with the command to run, when the real infrastructure is not up. */
export default async function globalSetup(): Promise<void> {
  const pg = new Client({ connectionString: ADMIN_URL });
  try {
    await pg.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (${(err as Error).message}); npm test starts it`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  if (!(await reachable(BROKERS[0]))) {
    throw new Error(`Kafka is not reachable at ${BROKERS[0]}; npm test starts it (or: npm run kafka:start)`);
  }
}
