import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = ['channel', 'warehouse', 'carrier', 'operator', 'auditor', 'admin'];

/** Keys for the factory (docs/adr/0039): a role of its own, holding no scope, that may only answer production orders. */
export class FactoryKeys1732400000310 implements MigrationInterface {
  name = 'FactoryKeys1732400000310';

  async up(q: QueryRunner): Promise<void> {
    await this.allow(q, [...BEFORE, 'factory']);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.allow(q, BEFORE);
  }

  private async allow(q: QueryRunner, roles: string[]): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN (${roles.map((r) => `'${r}'`).join(', ')}))`);
  }
}
