import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

const SIGNATURE = `append_events(text[], bigint[], integer[], uuid[], text[], integer[], text, text, text, text, text, timestamptz)`;

/**
 * `append_streams` (1732400000160) with the events' text sent once and without array escaping: the
 * canonical data and metadata of every event (what the hash covers and what is stored, as jsonb),
 * and the short pieces of canonical JSON between them (`canonicalEventPieces`), each batch as ONE
 * text joined by U+001E, which JSON never holds raw. The old function sent each event's data twice
 * (as jsonb and inside its canonical head) as text-array literals the driver escaped element by
 * element. Same checks, outcomes, locking order and hash: sha256(prev || '\n' || '{"data":' || data
 * || mid || metadata || rest || version || tail), exactly `eventHash`. `append_streams` stays for
 * processes of the previous release during a rolling upgrade.
 */
export class AppendEvents1732400000196 implements MigrationInterface {
  name = 'AppendEvents1732400000196';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION append_events(
        p_stream_ids text[],
        p_expected bigint[],
        p_counts integer[],
        p_event_ids uuid[],
        p_types text[],
        p_schema_versions integer[],
        p_data text,
        p_metadata text,
        p_mids text,
        p_rests text,
        p_tails text,
        p_recorded_at timestamptz
      ) RETURNS TABLE (stream_id text, status text, version integer, positions bigint[])
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_data text[] := string_to_array(p_data, E'\\x1e');
        v_metadata text[] := string_to_array(p_metadata, E'\\x1e');
        v_mids text[] := string_to_array(p_mids, E'\\x1e');
        v_rests text[] := string_to_array(p_rests, E'\\x1e');
        v_tails text[] := string_to_array(p_tails, E'\\x1e');
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
        IF coalesce(cardinality(v_data), 0) <> coalesce(cardinality(p_event_ids), 0)
           OR coalesce(cardinality(v_metadata), 0) <> coalesce(cardinality(p_event_ids), 0)
           OR coalesce(cardinality(v_mids), 0) <> coalesce(cardinality(p_event_ids), 0)
           OR coalesce(cardinality(v_rests), 0) <> coalesce(cardinality(p_event_ids), 0)
           OR coalesce(cardinality(v_tails), 0) <> coalesce(cardinality(p_event_ids), 0) THEN
          RAISE EXCEPTION 'append_events: % event ids but % data, % metadata, % mids, % rests, % tails',
            cardinality(p_event_ids), cardinality(v_data), cardinality(v_metadata), cardinality(v_mids), cardinality(v_rests), cardinality(v_tails);
        END IF;
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
                     prev || E'\\n' || '{"data":' || v_data[offs + i] || v_mids[offs + i] || v_metadata[offs + i]
                       || v_rests[offs + i] || (head_version + i)::text || v_tails[offs + i],
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
                   v_data[v.idx]::jsonb, v_metadata[v.idx]::jsonb, p_recorded_at, v.prev_hash, v.hash
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
