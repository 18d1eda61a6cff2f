import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * Appends in one round trip: `append_stream` checks idempotency (every event id already stored:
 * a repeat; some: a caller bug), the expected version, and that the stream was not last written
 * by a younger transaction (which keeps each stream's versions in global order), then chains the
 * hashes and inserts every event in one statement. The caller sends each event's canonical JSON
 * split around its stream version (`canonical_heads`, `canonical_tails`), since only the server
 * knows the version an `any` append lands on; the hash is
 * sha256(prev_hash || '\n' || head || version || tail), exactly `eventHash` of libs/event-store.
 * Errors: OF001 concurrency conflict (DETAIL: the stream's current version), OF002 event id reuse.
 */
export class AppendFunction1732400000160 implements MigrationInterface {
  name = 'AppendFunction1732400000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION append_stream(
        p_stream_id text,
        p_expected bigint,          -- -1: any version, 0: the stream must not exist, N: exactly N
        p_event_ids uuid[],
        p_types text[],
        p_schema_versions integer[],
        p_data jsonb[],
        p_metadata jsonb[],
        p_canonical_heads text[],
        p_canonical_tails text[],
        p_recorded_at timestamptz
      ) RETURNS TABLE (next_version integer, positions bigint[], duplicate boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n integer := cardinality(p_event_ids);
        found_count integer;
        found_max integer;
        head_version integer := 0;
        head_hash text;
        head_younger boolean := false;
        prev text;
        h text;
        versions integer[] := '{}';
        prevs text[] := '{}';
        hashes text[] := '{}';
      BEGIN
        IF n IS NULL OR n = 0 THEN
          RAISE EXCEPTION 'append needs at least one event';
        END IF;
        SELECT count(*), max(e.stream_version) INTO found_count, found_max
          FROM events e WHERE e.event_id = ANY (p_event_ids);
        IF found_count = n THEN
          RETURN QUERY SELECT found_max, '{}'::bigint[], true;
          RETURN;
        ELSIF found_count > 0 THEN
          RAISE EXCEPTION 'event ids already stored in another append' USING ERRCODE = 'OF002';
        END IF;

        SELECT e.stream_version, e.hash, e.transaction_id > pg_current_xact_id()
          INTO head_version, head_hash, head_younger
          FROM events e WHERE e.stream_id = p_stream_id
         ORDER BY e.stream_version DESC LIMIT 1;
        head_version := coalesce(head_version, 0);
        IF (p_expected = 0 AND head_version <> 0) OR (p_expected > 0 AND head_version <> p_expected) THEN
          RAISE EXCEPTION 'concurrency conflict on stream %: expected version %, found %',
            p_stream_id, CASE WHEN p_expected = 0 THEN 'no_stream' ELSE p_expected::text END, head_version
            USING ERRCODE = 'OF001', DETAIL = head_version::text;
        END IF;
        IF head_younger THEN
          RAISE EXCEPTION 'concurrency conflict on stream %: last written by a younger transaction', p_stream_id
            USING ERRCODE = 'OF001', DETAIL = head_version::text;
        END IF;

        prev := coalesce(head_hash, repeat('0', 64));
        FOR i IN 1..n LOOP
          h := encode(sha256(convert_to(prev || E'\\n' || p_canonical_heads[i] || (head_version + i)::text || p_canonical_tails[i], 'UTF8')), 'hex');
          versions := versions || (head_version + i);
          prevs := prevs || prev;
          hashes := hashes || h;
          prev := h;
        END LOOP;

        RETURN QUERY
        WITH inserted AS (
          INSERT INTO events (stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                              data, metadata, recorded_at, prev_hash, hash)
          SELECT p_stream_id, split_part(p_stream_id, '-', 1), v.version, v.event_id, v.event_type, v.schema_version,
                 v.data, v.metadata, p_recorded_at, v.prev_hash, v.hash
            FROM unnest(versions, p_event_ids, p_types, p_schema_versions, p_data, p_metadata, prevs, hashes)
              AS v(version, event_id, event_type, schema_version, data, metadata, prev_hash, hash)
          RETURNING global_position
        )
        SELECT head_version + n, array_agg(global_position ORDER BY global_position), false FROM inserted;
      END
      $fn$`);
    await q.query(`REVOKE ALL ON FUNCTION append_stream(text, bigint, uuid[], text[], integer[], jsonb[], jsonb[], text[], text[], timestamptz) FROM PUBLIC`);
    await q.query(
      `GRANT EXECUTE ON FUNCTION append_stream(text, bigint, uuid[], text[], integer[], jsonb[], jsonb[], text[], text[], timestamptz) TO ${APP_ROLE}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION append_stream(text, bigint, uuid[], text[], integer[], jsonb[], jsonb[], text[], text[], timestamptz)`);
  }
}
