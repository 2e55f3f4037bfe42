-- A phone belongs to its session: deleting a session deletes its phone, so identity's retention
-- never reaches into push's table (revoking one still forgets the phone at once, by push's trigger).
ALTER TABLE device DROP CONSTRAINT device_session_id_fkey,
  ADD CONSTRAINT device_session_id_fkey FOREIGN KEY (session_id) REFERENCES session (id) ON DELETE CASCADE;

-- What identity publishes about sessions for others (push's phones): when each ends, revoked or
-- expired, whichever comes first.
CREATE VIEW session_end AS
  SELECT id AS session_id, user_id, least(coalesce(revoked_at, expires_at), expires_at) AS ends_at FROM session;

-- What realtime publishes for others to announce a live event, inside the transaction making the
-- change: the shared ordering lock first (before the event takes its id; LiveFeed takes it
-- exclusively, key 0x7A4E0001), the event and one delivery per recipient, and a NOTIFY carrying
-- only the id. The caller decides who hears (messaging: the conversation's participants).
CREATE FUNCTION live_announce(school uuid, kind text, conversation uuid, message uuid, actor uuid, seq bigint,
                              recipients uuid[], at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  event_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(2051932161);
  INSERT INTO live_event (school_id, type, conversation_id, message_id, actor_id, seq, recipients, created_at)
  VALUES (school, kind, conversation, message, actor, seq, recipients, at) RETURNING id INTO event_id;
  INSERT INTO live_delivery (user_id, event_id) SELECT unnest(recipients), event_id;
  PERFORM pg_notify('tandem_live', event_id::text);
  RETURN event_id;
END $$;
