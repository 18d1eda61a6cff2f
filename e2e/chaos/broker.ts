import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@orderflow/testing';

/**
 * The chaos run's own Kafka broker, started by tools/kafka/kafka.sh on ports and a data directory
 * of its own. The shared broker on 9092 is never touched: restarting this one is a fault we inject.
 */
export class ChaosBroker {
  private constructor(
    readonly port: number,
    readonly controllerPort: number,
    readonly dataDir: string,
  ) {}

  static async start(options: { port: number; controllerPort: number; dataDir: string }): Promise<ChaosBroker> {
    const broker = new ChaosBroker(options.port, options.controllerPort, options.dataDir);
    await broker.kafkaSh('start', 120_000);
    return broker;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops it as an operator would (SIGTERM, SIGKILL after 30 s) and starts it again on the same data. */
  async restart(): Promise<void> {
    await this.kafkaSh('stop', 60_000);
    await this.kafkaSh('start', 120_000);
  }

  async stop({ removeData = true } = {}): Promise<void> {
    await this.kafkaSh('stop', 60_000).catch(() => undefined);
    if (removeData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private kafkaSh(command: 'start' | 'stop', timeoutMs: number): Promise<void> {
    return new Promise((done, fail) => {
      const child = spawn('bash', [resolve(REPO_ROOT, 'tools/kafka/kafka.sh'), command], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          KAFKA_PORT: String(this.port),
          KAFKA_CONTROLLER_PORT: String(this.controllerPort),
          KAFKA_DATA_DIR: this.dataDir,
          KAFKA_HEAP: '-Xms256m -Xmx512m',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) done();
        else fail(new Error(`kafka.sh ${command} on port ${this.port} failed (${code}): ${output.slice(-2000)}`));
      });
    });
  }
}
