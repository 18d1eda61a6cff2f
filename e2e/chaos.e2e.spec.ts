import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@orderflow/testing';
import { ChaosSummary } from './chaos/report';

/**
 * The short chaos run (`npm run chaos` is the long one): two replicas of every service, about 500
 * orders through their whole lifecycle while a replica is SIGKILLed, PostgreSQL is unreachable for
 * 10 s and the Kafka broker restarts. Nothing may be lost, doubled or dead-lettered, stock must be
 * conserved, and a rebuild must equal the live projections. It runs as `npm run chaos` does, in a
 * process of its own, so no client of the run can outlive it inside Jest.
 */
describe('the whole system under faults', () => {
  it('loses, doubles and dead-letters nothing while a service is killed, the database goes away and the broker restarts', async () => {
    const logDir = join(REPO_ROOT, '.data/chaos/e2e');
    const args = ['--orders', '500', '--rate', '10', '--seed', 'chaos-e2e', '--faults', 'short', '--first-fault', '8', '--gap', '6'];
    const run = await chaos([...args, '--restart-delay', '1000', '--settle', '180', '--log-dir', logDir, '--time-limit', '560']);
    process.stdout.write(run.stdout + '\n');
    if (!run.stdout.includes('VERDICT')) throw new Error(`the chaos run ended without its table (exit ${run.code}):\n${run.stderr.slice(-4000)}`);
    const summary = JSON.parse(readFileSync(join(logDir, 'summary.json'), 'utf8')) as ChaosSummary;
    expect(summary.faults).toHaveLength(3);
    expect(summary.checks.totals['orders accepted by Kafka']).toBeGreaterThanOrEqual(500);
    expect([run.code, run.stdout.match(/VERDICT: \w+/)?.[0]]).toEqual([0, 'VERDICT: PASS']);
  }, 600_000);
});

function chaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, 'e2e/chaos/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}
