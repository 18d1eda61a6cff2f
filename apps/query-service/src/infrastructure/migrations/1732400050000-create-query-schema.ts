import { MigrationInterface, QueryRunner } from 'typeorm';
import { installProjectionSchema, uninstallProjectionSchema } from '@orderflow/projections';

/**
 * The `query` schema and every projection's live tables. The table definitions belong to the
 * projections library (a rebuild copies them); projections are disposable, so a later change of
 * shape is a new migration that drops them and lets the projectors replay from position 0.
 */
export class CreateQuerySchema1732400050000 implements MigrationInterface {
  name = 'CreateQuerySchema1732400050000';

  async up(q: QueryRunner): Promise<void> {
    await installProjectionSchema(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await uninstallProjectionSchema(q);
  }
}
