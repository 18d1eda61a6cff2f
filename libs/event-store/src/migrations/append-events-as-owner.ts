import { IMPORTER_ROLE } from '../app-role';

/**
 * The store's `append_events` as the service-roles migration (ServiceRoles1732400000500, in
 * libs/platform, which creates the roles and `stream_writers`) creates it: what `append_events`
 * (1732400000196) did, with three changes: the role check, the time and the pieces around data and
 * metadata built here. The hashed text is still exactly `eventHash`'s: sha256(prev || '\n' ||
 * canonical JSON of `canonicalEventRecord`, its keys data, eventId, metadata, recordedAt,
 * schemaVersion, streamId, streamVersion, type in that order). `to_json(text)` escapes as
 * JSON.stringify does for the ids and types the store accepts; a caller that sends non-canonical data
 * gets an event that fails `audit verify`, never one that passes with a lie in it. A migration's
 * text: a change reaches no database already migrated, so it takes a new migration.
 */
export const APPEND_EVENTS_AS_OWNER = `
  CREATE FUNCTION append_events(
    p_stream_ids text[],
    p_expected bigint[],
    p_counts integer[],
    p_event_ids uuid[],
    p_types text[],
    p_schema_versions integer[],
    p_data text,
    p_metadata text,
    p_recorded_at timestamptz DEFAULT NULL
  ) RETURNS TABLE (stream_id text, status text, version integer, positions bigint[])
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  DECLARE
    v_data text[] := string_to_array(p_data, E'\\x1e');
    v_metadata text[] := string_to_array(p_metadata, E'\\x1e');
    importer boolean := pg_has_role(session_user, '${IMPORTER_ROLE}', 'MEMBER');
    v_at timestamptz;
    v_at_json text;
    refused text;
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
       OR coalesce(cardinality(p_types), 0) <> coalesce(cardinality(p_event_ids), 0)
       OR coalesce(cardinality(p_schema_versions), 0) <> coalesce(cardinality(p_event_ids), 0)
       OR (SELECT coalesce(sum(c), 0) FROM unnest(p_counts) c) <> coalesce(cardinality(p_event_ids), 0) THEN
      RAISE EXCEPTION 'append_events: % event ids but % data, % metadata, % types, % schema versions, % counted',
        cardinality(p_event_ids), cardinality(v_data), cardinality(v_metadata), cardinality(p_types),
        cardinality(p_schema_versions), (SELECT sum(c) FROM unnest(p_counts) c);
    END IF;
    -- Most calls touch only categories the role owns outright: one cheap probe (about 4 µs). The
    -- event by event check (about 75 µs) runs only when a category restricts its types or refuses.
    IF NOT importer AND EXISTS (
         SELECT 1 FROM unnest(p_stream_ids) AS u(w_sid)
          WHERE NOT EXISTS (SELECT 1 FROM stream_writers w
                             WHERE w.category = split_part(u.w_sid, '-', 1) AND w.event_types IS NULL
                               AND pg_has_role(session_user, w.role_name, 'MEMBER'))) THEN
      SELECT string_agg(DISTINCT format('%s events on %s streams', x.t, x.category), ', ') INTO refused
        FROM (SELECT split_part(w_s.w_sid, '-', 1) AS category, p_types[w_s.w_first + w_i - 1] AS t
                FROM (SELECT w_sid, w_cnt, sum(w_cnt) OVER (ORDER BY w_ord) - w_cnt + 1 AS w_first
                        FROM unnest(p_stream_ids, p_counts) WITH ORDINALITY AS u(w_sid, w_cnt, w_ord)) w_s,
                     generate_series(1, w_s.w_cnt) AS w_i) x
       WHERE NOT EXISTS (SELECT 1 FROM stream_writers w
                          WHERE w.category = x.category
                            AND (w.event_types IS NULL OR x.t = ANY (w.event_types))
                            AND pg_has_role(session_user, w.role_name, 'MEMBER'));
      IF refused IS NOT NULL THEN
        RAISE EXCEPTION 'role % may not append %', session_user, refused USING ERRCODE = 'insufficient_privilege';
      END IF;
    END IF;
    v_at := CASE WHEN importer AND p_recorded_at IS NOT NULL THEN date_trunc('milliseconds', p_recorded_at)
                 ELSE date_trunc('milliseconds', clock_timestamp()) END;
    v_at_json := to_json(to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text;
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
                 prev || E'\\n' || '{"data":' || v_data[offs + i]
                   || ',"eventId":"' || p_event_ids[offs + i]::text || '","metadata":' || v_metadata[offs + i]
                   || ',"recordedAt":' || v_at_json || ',"schemaVersion":' || p_schema_versions[offs + i]::text
                   || ',"streamId":' || to_json(sid)::text || ',"streamVersion":' || (head_version + i)::text
                   || ',"type":' || to_json(p_types[offs + i])::text || '}',
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
               v_data[v.idx]::jsonb, v_metadata[v.idx]::jsonb, v_at, v.prev_hash, v.hash
          FROM unnest(ev_index, ev_stream, ev_version, ev_prev, ev_hash) AS v(idx, sid, version, prev_hash, hash)
        RETURNING events.stream_id AS sid, global_position
      )
      SELECT o.sid, 'ok'::text, o.version, coalesce(
               (SELECT array_agg(i.global_position ORDER BY i.global_position) FROM inserted i WHERE i.sid = o.sid), '{}')
        FROM unnest(ok_stream, ok_version) AS o(sid, version);
    END IF;
  END
  $fn$`;
