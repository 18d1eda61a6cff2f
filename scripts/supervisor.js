/**
 * Keeps the embedded default's processes running, as compose's `restart:` or a k8s Deployment
 * would: a process that dies is started again after a backoff that doubles (1 s, 2 s, 4 s ... 30 s),
 * and each restart is announced. A process counts as started once it is healthy (or, with no health
 * probe, once it has run for `settleMs`); a healthy run resets its backoff. Only when a process
 * cannot start `maxFailedStarts` times in a row does the supervisor give up and call `onGiveUp`.
 * Plain JavaScript, so `npm start` can use it before anything is compiled.
 */
const { spawn } = require('node:child_process');

class Supervisor {
  /**
   * @param {object} options
   * @param {(line: string) => void} [options.log]
   * @param {number} [options.maxFailedStarts] consecutive failed starts before giving up (5)
   * @param {number} [options.baseBackoffMs] first restart delay (1000)
   * @param {number} [options.maxBackoffMs] longest restart delay (30000)
   * @param {number} [options.settleMs] run time that counts as a start when there is no probe (30000)
   * @param {(name: string, reason: string) => void} [options.onGiveUp]
   */
  constructor(options = {}) {
    this.log = options.log ?? ((line) => console.log(line));
    this.maxFailedStarts = options.maxFailedStarts ?? 5;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.settleMs = options.settleMs ?? 30_000;
    this.onGiveUp = options.onGiveUp ?? (() => undefined);
    this.stopping = false;
    /** @type {Map<string, any>} */
    this.processes = new Map();
  }

  /**
   * Starts a process and keeps it running.
   * @param {object} spec
   * @param {string} spec.name
   * @param {string} spec.command
   * @param {string[]} spec.args
   * @param {Record<string,string>} [spec.env]
   * @param {string} [spec.cwd]
   * @param {() => Promise<boolean>} [spec.healthy] probe that says the process is up
   * @param {(child: import('node:child_process').ChildProcess) => void} [spec.attach] e.g. to forward output
   * @param {boolean} [spec.restart] false for a process that may end (default true)
   * @param {number} [spec.settleMs] overrides the supervisor's settleMs for this process
   */
  start(spec) {
    const entry = { spec, child: undefined, failedStarts: 0, restarts: 0, started: false, timer: undefined, exited: undefined };
    this.processes.set(spec.name, entry);
    this.launch(entry);
    return entry;
  }

  launch(entry) {
    const { spec } = entry;
    entry.started = false;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...(spec.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    entry.exited = new Promise((resolve) => child.once('exit', resolve));
    spec.attach?.(child);
    const launchedAt = Date.now();
    this.watchStart(entry, child, launchedAt);
    child.once('exit', (code, signal) => this.exited(entry, child, code, signal));
  }

  async watchStart(entry, child, launchedAt) {
    while (!this.stopping && entry.child === child && child.exitCode === null && child.signalCode === null) {
      const up = entry.spec.healthy
        ? await entry.spec.healthy().catch(() => false)
        : Date.now() - launchedAt >= (entry.spec.settleMs ?? this.settleMs);
      if (up && entry.child === child && child.exitCode === null) {
        entry.started = true;
        entry.failedStarts = 0;
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  exited(entry, child, code, signal) {
    if (this.stopping || entry.child !== child) return;
    const how = signal ?? `exit ${code}`;
    if (entry.spec.restart === false && code === 0) return;
    if (!entry.started) entry.failedStarts += 1;
    else entry.failedStarts = 0;
    if (entry.failedStarts >= this.maxFailedStarts) {
      const reason = `${entry.spec.name} could not start ${entry.failedStarts} times in a row (last: ${how})`;
      this.log(reason);
      this.onGiveUp(entry.spec.name, reason);
      return;
    }
    const delay = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.max(0, entry.failedStarts - 1));
    entry.restarts += 1;
    this.log(`${entry.spec.name} exited (${how}); restarting in ${(delay / 1000).toFixed(1)} s (restart ${entry.restarts})`);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!this.stopping) this.launch(entry);
    }, delay);
  }

  /** Stops everything: SIGTERM, then SIGKILL after `graceMs`. */
  async stopAll(graceMs = 10_000) {
    this.stopping = true;
    await Promise.all(
      [...this.processes.values()].map(async (entry) => {
        clearTimeout(entry.timer);
        const child = entry.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.kill('SIGTERM');
        await entry.exited;
        clearTimeout(timer);
      }),
    );
  }
}

module.exports = { Supervisor };
