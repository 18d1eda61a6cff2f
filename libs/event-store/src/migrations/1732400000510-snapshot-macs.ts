import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots carry an HMAC under a key outside the database (ADR 23): one changed in the table is
 * not trusted, the stream is replayed instead. Snapshots from before have none, so none is trusted
 * until its stream is snapshotted again.
 */
export class SnapshotMacs1732400000510 implements MigrationInterface {
  name = 'SnapshotMacs1732400000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE snapshots ADD COLUMN mac text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE snapshots DROP COLUMN mac`);
  }
}
