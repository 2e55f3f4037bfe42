-- The audit log of special category data (package app.tandem.audit): every read and change of a
-- pupil's SEND data through the API is an event, written before the handler runs, so an answered
-- read always has its event. The log is append-only: the database refuses UPDATE, DELETE and
-- TRUNCATE on it. Each event is sealed into a chain of keyed hashes (the key is configuration,
-- never in the database), so a row changed behind the database's back breaks the chain.

CREATE TABLE audit_event (
  seq           bigserial PRIMARY KEY,
  -- The writer's own id for the event, to match each row of a batch insert to its request.
  event_id      uuid NOT NULL,
  at            timestamptz NOT NULL,
  school_id     uuid NOT NULL,
  actor_id      uuid NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('staff', 'parent', 'pupil')),
  actor_roles   text[] NOT NULL,
  on_behalf_of  uuid,
  operation     text NOT NULL,
  action        text NOT NULL CHECK (action IN ('read', 'create', 'update', 'export', 'disclose')),
  subject_kind  text NOT NULL,
  subject_id    uuid,
  pupil_id      uuid,
  request_id    text NOT NULL,
  address       text NOT NULL
);
CREATE INDEX audit_event_pupil_idx ON audit_event (pupil_id, at DESC) WHERE pupil_id IS NOT NULL;
CREATE INDEX audit_event_school_idx ON audit_event (school_id, seq DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at DESC);

-- How each audited request ended (its status), written once the response is sent.
-- No foreign keys to audit_event: a backend caches its plan for the key check from when the log was
-- small (a sequential scan), and the log only grows; the writer and the sealer only name events they read.
CREATE TABLE audit_outcome (
  seq     bigint PRIMARY KEY,
  status  smallint NOT NULL,
  at      timestamptz NOT NULL
);

-- The chain: each event's keyed hash over the previous hash and the event, in sequence order.
CREATE TABLE audit_seal (
  seq   bigint PRIMARY KEY,
  hash  bytea NOT NULL
);

CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_outcome_append_only BEFORE UPDATE OR DELETE ON audit_outcome
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_outcome_no_truncate BEFORE TRUNCATE ON audit_outcome
  FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

-- The data protection officer reads the school's log.
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check
  CHECK (roles <@ ARRAY['teacher', 'senco', 'admin', 'dsl', 'dpo']::text[]);
