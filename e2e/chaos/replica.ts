import { ChildHandle, spawnTs, waitFor } from '@orderflow/testing';

export interface ReplicaExit {
  at: number;
  code: number | null;
  signal: string | null;
  /** Killed by the chaos run on purpose; any other exit is the service's own doing. */
  planned: boolean;
}

/**
 * One replica of one service as its own process, under a supervisor that restarts it after a
 * short delay whenever it exits (as a process manager or a k8s restart policy would). Its output
 * goes to its log file, across restarts.
 */
export class SupervisedReplica {
  readonly exits: ReplicaExit[] = [];
  private handle?: ChildHandle;
  private stopping = false;
  private plannedKill = false;
  private restartTimer?: NodeJS.Timeout;
  private starting?: Promise<void>;

  constructor(
    readonly service: string,
    readonly index: number,
    readonly port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
    private readonly restartDelayMs: number,
  ) {}

  get name(): string {
    return `${this.service}#${this.index + 1}`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get restarts(): number {
    return this.exits.length;
  }

  /** Starts the process and resolves once it says it is ready (health may still be degraded). */
  start(): Promise<void> {
    this.starting = this.spawn();
    return this.starting;
  }

  /** Kills it with SIGKILL, as a crash would; the supervisor brings it back after its delay. */
  async kill(): Promise<void> {
    if (!this.handle) return;
    this.plannedKill = true;
    await this.handle.kill('SIGKILL');
  }

  /** Resolves once the replica is back (after a kill) and answers /health with 200. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    await waitFor(`${this.name} healthy`, () => this.healthy(), { timeoutMs, intervalMs: 250 });
  }

  async healthy(): Promise<boolean> {
    if (!this.handle || this.handle.child.exitCode !== null || this.handle.child.signalCode !== null) return false;
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.starting?.catch(() => undefined);
    const handle = this.handle;
    if (!handle) return;
    const forced = setTimeout(() => void handle.kill('SIGKILL'), 10_000);
    await handle.kill('SIGTERM');
    clearTimeout(forced);
  }

  private async spawn(): Promise<void> {
    const handle = spawnTs(`apps/${this.service}/src/main.ts`, { ...this.env, PORT: String(this.port) }, [], { logFile: this.logFile });
    this.handle = handle;
    void handle.exited().then(({ code, signal }) => {
      if (this.stopping) return;
      this.exits.push({ at: Date.now(), code, signal, planned: this.plannedKill });
      this.plannedKill = false;
      this.restartTimer = setTimeout(() => {
        if (!this.stopping) this.start().catch(() => undefined);
      }, this.restartDelayMs);
    });
    await handle.waitForOutput(/ready on http/, 120_000);
  }
}
