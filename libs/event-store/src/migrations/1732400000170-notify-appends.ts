import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells listeners that events were committed, so relays and projectors wake when there is work
 * instead of polling an idle store. One notification per inserting statement, delivered at commit
 * (PostgreSQL folds repeats within a transaction).
 */
export class NotifyAppends1732400000170 implements MigrationInterface {
  name = 'NotifyAppends1732400000170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION events_notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('orderflow_events', '');
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER events_notify_appended AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER events_notify_appended ON events`);
    await q.query(`DROP FUNCTION events_notify_appended()`);
  }
}
