-- Phones that receive push notifications, the dispatcher's bookkeeping on the notification
-- outbox, and each person's quiet hours.

-- One phone per session: registering a token again moves it to the session registering it.
CREATE TABLE device (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id   uuid NOT NULL REFERENCES school (id),
  user_id     uuid NOT NULL REFERENCES app_user (id),
  session_id  uuid NOT NULL UNIQUE REFERENCES session (id),
  token       text NOT NULL UNIQUE CHECK (length(token) BETWEEN 1 AND 4096),
  platform    text NOT NULL CHECK (platform IN ('ios', 'android')),
  app_version text CHECK (length(app_version) <= 40),
  locale      text CHECK (length(locale) <= 35),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX device_user_idx ON device (user_id);

-- Signing out, revoking a session or deactivating an account ends the session's pushes at once,
-- whichever code path revoked it.
CREATE FUNCTION forget_revoked_session_device() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM device WHERE session_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER session_revoked_forgets_device AFTER UPDATE OF revoked_at ON session
  FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION forget_revoked_session_device();

-- A replica claims due rows under a lease; a replica that dies mid-send lets its lease lapse and
-- another takes the rows over. Rows are sent, or given up after a bound with the reason kept.
ALTER TABLE notification_outbox
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN leased_by   text,
  ADD COLUMN given_up_at timestamptz;
DROP INDEX notification_outbox_due_idx;
CREATE INDEX notification_outbox_due_idx ON notification_outbox (due_at) WHERE sent_at IS NULL AND given_up_at IS NULL;

-- When a person does not want pushes (local times in the school's zone; may wrap past midnight).
ALTER TABLE app_user ADD COLUMN quiet_from time, ADD COLUMN quiet_to time,
  ADD CONSTRAINT app_user_quiet_hours_check CHECK ((quiet_from IS NULL) = (quiet_to IS NULL) AND (quiet_from IS NULL OR quiet_from <> quiet_to));
