import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append notification names the stream categories the statement wrote (`order,stock`), so a
 * reader of some categories only (a service's relay) is not woken by every other service's
 * appends. Repeats within a transaction are still folded by PostgreSQL when they name the same
 * categories. An empty payload (older writers) wakes everyone.
 */
export class NotifyCategories1732400000180 implements MigrationInterface {
  name = 'NotifyCategories1732400000180';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER events_notify_appended ON events`);
    await q.query(`
      CREATE OR REPLACE FUNCTION events_notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('orderflow_events', coalesce((SELECT string_agg(DISTINCT stream_category, ',') FROM appended), ''));
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER events_notify_appended AFTER INSERT ON events
      REFERENCING NEW TABLE AS appended
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER events_notify_appended ON events`);
    await q.query(`
      CREATE OR REPLACE FUNCTION events_notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('orderflow_events', '');
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER events_notify_appended AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended()`);
  }
}
