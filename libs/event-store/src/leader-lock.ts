import { createHash } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';

/** A stable 63-bit key for PostgreSQL advisory locks, derived from a name. */
export function advisoryLockKey(name: string): string {
  return BigInt.asIntN(64, BigInt('0x' + createHash('sha256').update(name).digest('hex').slice(0, 16))).toString();
}

/**
 * Single-active leadership through a session-level advisory lock on a connection of its own. The
 * lock lives exactly as long as that session: when PostgreSQL restarts, or the connection is cut,
 * the lock is gone and another replica may take it. So a leader asks `stillHeld()` before each
 * piece of work and steps down when it answers false.
 */
export class LeaderLock {
  private connection?: QueryRunner;
  private confirmedAt = 0;
  readonly key: string;

  constructor(
    private readonly dataSource: DataSource,
    readonly name: string,
    /** How long a confirmation is trusted before the session is asked again. */
    private readonly confirmEveryMs = 1000,
  ) {
    this.key = advisoryLockKey(name);
  }

  get held(): boolean {
    return this.confirmedAt > 0;
  }

  /** Takes the lock if nobody holds it; false while another session does. */
  async tryAcquire(): Promise<boolean> {
    try {
      if (!this.connection) {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        this.connection = runner;
      }
      const [row] = (await this.connection.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [this.key])) as {
        locked: boolean;
      }[];
      if (row.locked) this.confirmedAt = Date.now();
      return row.locked;
    } catch (err) {
      await this.drop();
      throw err;
    }
  }

  /**
   * Whether this session still holds the lock, asked of the server at most every `confirmEveryMs`.
   * False once the session is gone (server restart, cut connection): the caller must step down.
   */
  async stillHeld(): Promise<boolean> {
    if (!this.connection || this.confirmedAt === 0) return false;
    if (Date.now() - this.confirmedAt < this.confirmEveryMs) return true;
    try {
      const [row] = (await this.connection.query(
        `SELECT EXISTS (
           SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
              AND ((classid::bigint << 32) | objid::bigint) = $1::bigint
         ) AS held`,
        [this.key],
      )) as { held: boolean }[];
      if (!row.held) {
        await this.drop();
        return false;
      }
      this.confirmedAt = Date.now();
      return true;
    } catch {
      await this.drop();
      return false;
    }
  }

  async release(): Promise<void> {
    if (this.connection) {
      // Session-level advisory locks outlive a pooled connection's release: unlock explicitly.
      await this.connection.query(`SELECT pg_advisory_unlock($1::bigint)`, [this.key]).catch(() => undefined);
    }
    await this.drop();
  }

  private async drop(): Promise<void> {
    this.confirmedAt = 0;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.release().catch(() => undefined);
  }
}
