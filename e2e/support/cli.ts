import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_KAFKA_BROKERS } from '@orderflow/testing';
import { TestSystem } from './system';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npx orderflow ...` (the workspace bin) against a test system, as an operator would. */
export function orderflow(system: TestSystem, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const bin = resolve(__dirname, '../../apps/cli/bin/orderflow.js');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: resolve(__dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: system.db.urlFor('cli'),
        KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
        TOPIC_NAMESPACE: system.namespace,
        FORCE_COLOR: '0',
        ...env,
      },
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
