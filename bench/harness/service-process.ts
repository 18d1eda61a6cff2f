import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@orderflow/testing';

// The build is plain JavaScript so that `npm start` can run it before anything is compiled.
const { build } = require('../../scripts/build.js') as { build: (options?: { quiet?: boolean }) => { compiled: number; upToDate: number; removed: number } };

/** Compiles what changed to dist/, as `npm start` does before it starts anything. */
export function buildServices(): { compiled: number; upToDate: number; removed: number } {
  return build({ quiet: true });
}

export interface ServiceProcess {
  child: ChildProcess;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends the signal and resolves once the process has exited (at once if it already has). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  running(): boolean;
}

/** Extra Node flags for every service, e.g. `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`. */
function nodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Runs a compiled entry point (`apps/x/src/main.ts` as `dist/apps/x/src/main.js`) as `npm start`
 * does: plain Node, no compiler in the process, so its CPU and memory are the service's own.
 * Everything it prints goes to `logFile`; the last 64 KiB are kept for waiting on output.
 */
export function startCompiled(entry: string, env: Record<string, string>, logFile: string): ServiceProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...nodeArgs(), '--enable-source-maps', resolve(REPO_ROOT, 'dist', entry.replace(/\.ts$/, '.js'))], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-64 * 1024);
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('close', () => log.end());
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((done) =>
    child.on('exit', () => {
      listeners.forEach((l) => l());
      done();
    }),
  );
  return {
    child,
    running,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((done, fail) => {
        const check = () => {
          if (pattern.test(tail)) finish();
          else if (!running()) finish(new Error(`${entry} exited before printing ${pattern}; output:\n${tail.slice(-3000)}`));
        };
        const timer = setTimeout(() => finish(new Error(`${entry} did not print ${pattern} within ${timeoutMs} ms; output:\n${tail.slice(-3000)}`)), timeoutMs);
        const finish = (err?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (err) fail(err);
          else done();
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      await exited;
    },
  };
}
