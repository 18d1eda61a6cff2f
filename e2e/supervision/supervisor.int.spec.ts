import http from 'node:http';
import { AddressInfo } from 'node:net';
import { waitFor } from '@orderflow/testing';

// The supervisor is plain JavaScript so that `npm start` can use it before anything is compiled.
const { Supervisor } = require('../../scripts/supervisor.js');

/** A service stand-in: answers GET /health on the port it is given, until killed. */
const SERVICE = `
  const http = require('node:http');
  http.createServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => (req.destroy(), resolve(false)));
  });
}

describe('the supervisor of npm start', () => {
  it('restarts a service killed with SIGKILL, says so, and the service answers again', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const supervisor = new Supervisor({ log: (l: string) => lines.push(l), baseBackoffMs: 200, onGiveUp: (n: string) => gaveUp.push(n) });
    const entry = supervisor.start({
      name: 'inventory-service',
      command: process.execPath,
      args: ['-e', SERVICE],
      env: { PORT: String(port) },
      healthy: () => healthy(port),
    });
    try {
      await waitFor('the service is healthy', () => healthy(port));
      await waitFor('the supervisor saw it start', () => entry.started);
      const firstPid = entry.child.pid;
      process.kill(firstPid, 'SIGKILL');
      await waitFor('restarted', () => entry.child.pid !== firstPid && entry.started, { timeoutMs: 15_000 });
      expect(await healthy(port)).toBe(true);
      expect(lines).toEqual([expect.stringMatching(/^inventory-service exited \(SIGKILL\); restarting in 0\.2 s \(restart 1\)$/)]);

      // A second crash after a healthy run starts again from the shortest backoff.
      const secondPid = entry.child.pid;
      process.kill(secondPid, 'SIGKILL');
      await waitFor('restarted again', () => entry.child.pid !== secondPid && entry.started, { timeoutMs: 15_000 });
      expect(lines[1]).toMatch(/restarting in 0\.2 s \(restart 2\)/);
      expect(gaveUp).toEqual([]);
    } finally {
      await supervisor.stopAll(2000);
    }
    expect(await healthy(port)).toBe(false);
  });

  it('gives up, and says why, only when a service cannot start five times in a row', async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const supervisor = new Supervisor({
      log: (l: string) => lines.push(l),
      baseBackoffMs: 10,
      maxBackoffMs: 100,
      onGiveUp: (_name: string, reason: string) => gaveUp.push(reason),
    });
    supervisor.start({
      name: 'order-service',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      healthy: async () => false,
    });
    try {
      await waitFor('the supervisor gave up', () => gaveUp.length === 1, { timeoutMs: 15_000 });
    } finally {
      await supervisor.stopAll(1000);
    }
    expect(lines.filter((l) => /restarting in/.test(l))).toHaveLength(4);
    expect(gaveUp).toEqual(['order-service could not start 5 times in a row (last: exit 3)']);
  });
});
