import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DB_ROLES } from '@orderflow/event-store';
import { QUERY_SCHEMA } from '@orderflow/projections';

const ROLE = DB_ROLES['query-service'];

/**
 * The query schema and every table in it pass to the query service's own role (ADR 23): it owns
 * the projections (a rebuild creates, renames and drops tables there) and nothing outside them.
 */
export class QueryServiceRole1732400070100 implements MigrationInterface {
  name = 'QueryServiceRole1732400070100';

  async up(q: QueryRunner): Promise<void> {
    await this.transfer(q, ROLE);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.transfer(q, APP_ROLE);
  }

  private async transfer(q: QueryRunner, role: string): Promise<void> {
    await q.query(`ALTER SCHEMA ${QUERY_SCHEMA} OWNER TO ${role}`);
    const tables = (await q.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [QUERY_SCHEMA])) as { tablename: string }[];
    for (const { tablename } of tables) await q.query(`ALTER TABLE ${QUERY_SCHEMA}."${tablename}" OWNER TO ${role}`);
  }
}
