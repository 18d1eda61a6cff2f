import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

const SIGNATURE = `append_streams(text[], bigint[], integer[], uuid[], text[], integer[], jsonb[], jsonb[], text[], text[], timestamptz)`;

/**
 * Appends to any number of streams in one round trip. For each stream, `append_streams` checks the
 * expected version (-1: any, 0: no stream yet, N: exactly N) and that the stream was not last
 * written by a younger transaction (which keeps each stream's versions in global order), then
 * chains its hashes; every accepted event of every stream is inserted by one INSERT. A stream that
 * fails its check is reported, not raised, so the others of the call still commit:
 * - `ok`: appended; `version` is the stream's version now, `positions` the new global positions;
 * - `duplicate`: every event id was stored already (a repeat of an append that committed): a no-op;
 * - `reused`: some, not all, of the event ids were stored already: a caller bug;
 * - `conflict`: the expected version did not hold; `version` is the stream's current version.
 * The caller sends each event's canonical JSON split around its stream version (`canonical_heads`,
 * `canonical_tails`), since only the store knows the version an `any` append lands on; the hash is
 * sha256(prev_hash || '\n' || head || version || tail), exactly `eventHash` of libs/event-store.
 * Streams are visited in the order given (callers sort them, so concurrent calls lock in one order);
 * a stream may appear only once per call. A repeat that passes its check (an `any` append) meets
 * the unique event id and the statement fails; the caller looks the repeat up.
 */
export class AppendFunction1732400000160 implements MigrationInterface {
  name = 'AppendFunction1732400000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION append_streams(
        p_stream_ids text[],
        p_expected bigint[],
        p_counts integer[],
        p_event_ids uuid[],
        p_types text[],
        p_schema_versions integer[],
        p_data jsonb[],
        p_metadata jsonb[],
        p_canonical_heads text[],
        p_canonical_tails text[],
        p_recorded_at timestamptz
      ) RETURNS TABLE (stream_id text, status text, version integer, positions bigint[])
      LANGUAGE plpgsql AS $fn$
      DECLARE
        offs integer := 0;
        n integer;
        sid text;
        expected bigint;
        found_count integer;
        found_max integer;
        head_version integer;
        head_hash text;
        head_younger boolean;
        prev text;
        h text;
        ev_index integer[] := '{}';
        ev_stream text[] := '{}';
        ev_version integer[] := '{}';
        ev_prev text[] := '{}';
        ev_hash text[] := '{}';
        ok_stream text[] := '{}';
        ok_version integer[] := '{}';
      BEGIN
        FOR s IN 1 .. coalesce(cardinality(p_stream_ids), 0) LOOP
          sid := p_stream_ids[s];
          n := p_counts[s];
          expected := p_expected[s];
          head_version := NULL; head_hash := NULL; head_younger := false;
          SELECT e.stream_version, e.hash, e.transaction_id > pg_current_xact_id()
            INTO head_version, head_hash, head_younger
            FROM events e WHERE e.stream_id = sid
           ORDER BY e.stream_version DESC LIMIT 1;
          head_version := coalesce(head_version, 0);
          IF (expected >= 0 AND head_version <> expected) OR head_younger THEN
            SELECT count(*), max(e.stream_version) INTO found_count, found_max
              FROM events e WHERE e.event_id = ANY (p_event_ids[offs + 1 : offs + n]);
            IF found_count = n THEN
              stream_id := sid; status := 'duplicate'; version := found_max; positions := '{}';
            ELSIF found_count > 0 THEN
              stream_id := sid; status := 'reused'; version := head_version; positions := '{}';
            ELSE
              stream_id := sid; status := 'conflict'; version := head_version; positions := '{}';
            END IF;
            RETURN NEXT;
          ELSE
            prev := coalesce(head_hash, repeat('0', 64));
            FOR i IN 1 .. n LOOP
              h := encode(sha256(convert_to(
                     prev || E'\\n' || p_canonical_heads[offs + i] || (head_version + i)::text || p_canonical_tails[offs + i],
                     'UTF8')), 'hex');
              ev_index := ev_index || (offs + i);
              ev_stream := ev_stream || sid;
              ev_version := ev_version || (head_version + i);
              ev_prev := ev_prev || prev;
              ev_hash := ev_hash || h;
              prev := h;
            END LOOP;
            ok_stream := ok_stream || sid;
            ok_version := ok_version || (head_version + n);
          END IF;
          offs := offs + n;
        END LOOP;

        IF cardinality(ok_stream) > 0 THEN
          RETURN QUERY
          WITH inserted AS (
            INSERT INTO events (stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                                data, metadata, recorded_at, prev_hash, hash)
            SELECT v.sid, split_part(v.sid, '-', 1), v.version, p_event_ids[v.idx], p_types[v.idx], p_schema_versions[v.idx],
                   p_data[v.idx], p_metadata[v.idx], p_recorded_at, v.prev_hash, v.hash
              FROM unnest(ev_index, ev_stream, ev_version, ev_prev, ev_hash) AS v(idx, sid, version, prev_hash, hash)
            RETURNING events.stream_id AS sid, global_position
          )
          SELECT o.sid, 'ok'::text, o.version, coalesce(
                   (SELECT array_agg(i.global_position ORDER BY i.global_position) FROM inserted i WHERE i.sid = o.sid), '{}')
            FROM unnest(ok_stream, ok_version) AS o(sid, version);
        END IF;
      END
      $fn$`);
    await q.query(`REVOKE ALL ON FUNCTION ${SIGNATURE} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${SIGNATURE} TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${SIGNATURE}`);
  }
}
