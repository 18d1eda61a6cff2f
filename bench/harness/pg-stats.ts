import { Client } from 'pg';
import { storedHead } from '@orderflow/event-store';

/** The counters of one database that say how much SQL work a phase cost. */
export interface DatabaseCounters {
  at: number;
  xactCommit: number;
  xactRollback: number;
  tupInserted: number;
  tupUpdated: number;
  tupDeleted: number;
  tupFetched: number;
  /** Statements executed (pg_stat_statements calls), when the server collects them. */
  statements?: number;
}

export type StatementSource = { available: true } | { available: false; reason: string };

/**
 * Reads pg_stat_database (and pg_stat_statements where the server loads it) for one database.
 * The server's configuration is never changed: without pg_stat_statements in
 * shared_preload_libraries, statements are reported as unavailable.
 */
export class DatabaseStats {
  private constructor(
    private readonly client: Client,
    readonly databaseName: string,
    readonly statements: StatementSource,
  ) {}

  /** `adminUrl` points at the benchmark's own database, as a role allowed to read every statistic. */
  static async open(adminUrl: string): Promise<DatabaseStats> {
    const client = new Client({ connectionString: adminUrl, application_name: 'orderflow-bench-stats' });
    await client.connect();
    const databaseName = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
    const [{ libraries }] = (await client.query(`SELECT current_setting('shared_preload_libraries') AS libraries`)).rows as { libraries: string }[];
    let statements: StatementSource = {
      available: false,
      reason: `pg_stat_statements is not in shared_preload_libraries ("${libraries}"); the server's configuration is left as it is`,
    };
    if (libraries.split(',').map((l) => l.trim()).includes('pg_stat_statements')) {
      try {
        // The server collects statements already; the extension only adds the view, in this database alone.
        await client.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
        await client.query(`SELECT 1 FROM pg_stat_statements LIMIT 1`);
        statements = { available: true };
      } catch (err) {
        statements = { available: false, reason: `pg_stat_statements is loaded but not readable: ${(err as Error).message}` };
      }
    }
    return new DatabaseStats(client, databaseName, statements);
  }

  async read(): Promise<DatabaseCounters> {
    const { rows } = await this.client.query(
      `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched
         FROM pg_stat_database WHERE datname = $1`,
      [this.databaseName],
    );
    const r = rows[0] as Record<string, string>;
    const counters: DatabaseCounters = {
      at: Date.now(),
      xactCommit: Number(r.xact_commit),
      xactRollback: Number(r.xact_rollback),
      tupInserted: Number(r.tup_inserted),
      tupUpdated: Number(r.tup_updated),
      tupDeleted: Number(r.tup_deleted),
      tupFetched: Number(r.tup_fetched),
    };
    if (this.statements.available) {
      const s = await this.client.query(
        `SELECT coalesce(sum(calls), 0)::bigint AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [this.databaseName],
      );
      counters.statements = Number((s.rows[0] as { calls: string }).calls);
    }
    return counters;
  }

  /**
   * Resolves once no event has been appended for `quietMs` (the work an order sets going, down to
   * the last shipment requested, is done), or after `maxMs`; says which.
   */
  async settle(quietMs = 5000, maxMs = 120_000): Promise<boolean> {
    const deadline = Date.now() + maxMs;
    let head = -1;
    let since = Date.now();
    while (Date.now() < deadline) {
      const now = await storedHead({ query: async (sql, params) => (await this.client.query(sql, params)).rows });
      if (now !== head) {
        head = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** What happened between two readings; `perSecond` for rates of a quiet system. */
export function counterDelta(before: DatabaseCounters, after: DatabaseCounters) {
  const seconds = (after.at - before.at) / 1000;
  return {
    seconds,
    transactions: after.xactCommit - before.xactCommit + (after.xactRollback - before.xactRollback),
    rollbacks: after.xactRollback - before.xactRollback,
    rowsInserted: after.tupInserted - before.tupInserted,
    rowsUpdated: after.tupUpdated - before.tupUpdated,
    rowsDeleted: after.tupDeleted - before.tupDeleted,
    rowsFetched: after.tupFetched - before.tupFetched,
    statements: before.statements !== undefined && after.statements !== undefined ? after.statements - before.statements : undefined,
  };
}

export type CounterDelta = ReturnType<typeof counterDelta>;

/**
 * PostgreSQL 15 publishes a backend's counters at most once a second while it is busy and within
 * 10 s once it is idle; a phase's last transactions show only after that.
 */
export const STATS_FLUSH_MS = 11_000;
