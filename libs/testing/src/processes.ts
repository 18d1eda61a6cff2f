import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface ChildHandle {
  child: ChildProcess;
  output(): string;
  /** Resolves when the child prints a line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code or signal. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  /**
   * Appends everything the child prints to this file; output() then keeps only the last 64 KiB,
   * so a long-running child's chatter does not pile up in the parent's memory.
   */
  logFile?: string;
}

const KEPT_WHEN_LOGGING = 64 * 1024;

/** Runs a TypeScript entry point of this repo in its own Node process. */
export function spawnTs(entry: string, env: Record<string, string> = {}, args: string[] = [], options: SpawnOptions = {}): ChildHandle {
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    buffer += chunk.toString();
    listeners.forEach((l) => l());
    if (log && buffer.length > 2 * KEPT_WHEN_LOGGING) buffer = buffer.slice(-KEPT_WHEN_LOGGING);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // 'close' comes after the last output, unlike 'exit'.
  child.on('close', () => log?.end());
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => {
      listeners.forEach((l) => l());
      res({ code, signal });
    }),
  );
  return {
    child,
    output: () => buffer,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((res, rej) => {
        const check = () => {
          if (pattern.test(buffer)) {
            listeners.delete(check);
            clearTimeout(timer);
            res();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            rej(new Error(`${entry} exited before printing ${pattern}; output:\n${buffer.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          rej(new Error(`${entry} did not print ${pattern} within ${timeoutMs} ms; output:\n${buffer.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    exited: () => exit,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exit;
      }
    },
  };
}
