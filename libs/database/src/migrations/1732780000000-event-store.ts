import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: streams, events and consumer checkpoints, and the append function.
 *
 * Readers order by (transaction_id, global_position) and only read rows of transactions older
 * than the oldest one still running, so an event whose transaction commits late is never skipped.
 */
export class EventStore1732780000000 implements MigrationInterface {
  name = 'EventStore1732780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE es_streams (
        stream_id   text PRIMARY KEY,
        version     bigint NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE es_events (
        global_position  bigserial PRIMARY KEY,
        transaction_id   xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id        text NOT NULL,
        stream_position  bigint NOT NULL,
        event_id         uuid NOT NULL,
        type             text NOT NULL,
        schema_version   integer NOT NULL DEFAULT 1,
        data             jsonb NOT NULL,
        metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT es_events_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_stream_position_key UNIQUE (stream_id, stream_position)
      )`);
    await q.query(`CREATE INDEX es_events_commit_order ON es_events (transaction_id, global_position)`);
    await q.query(`CREATE INDEX es_events_type ON es_events (type, global_position)`);
    await q.query(`
      CREATE TABLE es_checkpoints (
        consumer         text PRIMARY KEY,
        transaction_id   xid8 NOT NULL DEFAULT '0',
        global_position  bigint NOT NULL DEFAULT 0,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // One round trip per stream append: idempotency check, expected-version check, insert.
    await q.query(`
      CREATE FUNCTION es_append(
        p_stream_id text, p_mode text, p_expected bigint,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[]
      ) RETURNS TABLE (next_version bigint, first_position bigint, last_position bigint, created boolean, transaction_id xid8)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n integer := cardinality(p_ids);
        v_stored integer;
        v_new bigint;
        v_actual bigint;
        r record;
      BEGIN
        -- A retry of an append already stored: answer with the original result, write nothing.
        -- Only the first id is looked up on the hot path; a partial overlap hits the unique key.
        IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = p_ids[1]) THEN
          EXECUTE 'SELECT count(*)::int AS n, max(stream_position) AS v, min(global_position) AS f,
                          max(global_position) AS l, max(transaction_id) AS x, bool_and(stream_id = $2) AS same
                   FROM es_events WHERE event_id = ANY ($1)'
            INTO r USING p_ids, p_stream_id;
          IF r.n < n OR NOT r.same THEN
            RAISE EXCEPTION 'some of the events are already stored (in %), others are not', p_stream_id
              USING ERRCODE = 'CM002';
          END IF;
          RETURN QUERY SELECT r.v::bigint, r.f::bigint, r.l::bigint, false, r.x::xid8;
          RETURN;
        END IF;

        IF p_mode = 'any' THEN
          INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, n)
          ON CONFLICT (stream_id) DO UPDATE SET version = s.version + n, updated_at = now()
          RETURNING s.version INTO v_new;
        ELSIF p_mode = 'no_stream' OR (p_mode = 'exact' AND p_expected = 0) THEN
          INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, n)
          ON CONFLICT (stream_id) DO NOTHING
          RETURNING s.version INTO v_new;
        ELSIF p_mode = 'stream_exists' THEN
          UPDATE es_streams s SET version = s.version + n, updated_at = now()
          WHERE s.stream_id = p_stream_id RETURNING s.version INTO v_new;
        ELSE
          UPDATE es_streams s SET version = s.version + n, updated_at = now()
          WHERE s.stream_id = p_stream_id AND s.version = p_expected RETURNING s.version INTO v_new;
        END IF;

        IF v_new IS NULL THEN
          SELECT s.version INTO v_actual FROM es_streams s WHERE s.stream_id = p_stream_id;
          RAISE EXCEPTION 'wrong expected version for %', p_stream_id
            USING ERRCODE = 'CM001', DETAIL = coalesce(v_actual::text, 'none');
        END IF;

        RETURN QUERY
          WITH ins AS (
            INSERT INTO es_events (stream_id, stream_position, event_id, type, schema_version, data, metadata)
            SELECT p_stream_id, v_new - n + t.ord, t.id, t.ty, t.ver, t.d, t.m
            FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata) WITH ORDINALITY AS t(id, ty, ver, d, m, ord)
            RETURNING es_events.global_position, es_events.transaction_id
          )
          SELECT v_new, min(ins.global_position), max(ins.global_position), true, max(ins.transaction_id) FROM ins;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS es_append`);
    await q.query(`DROP TABLE IF EXISTS es_checkpoints`);
    await q.query(`DROP TABLE IF EXISTS es_events`);
    await q.query(`DROP TABLE IF EXISTS es_streams`);
  }
}
