-- Conversations between families and the school about one pupil: participants with their
-- receipts, messages with their edits and attachments, concerns raised with the designated
-- safeguarding lead, the school's office hours, and the live event log every replica reads to
-- deliver events over WebSockets.

-- The designated safeguarding lead reviews concerns staff raise about messages.
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check
  CHECK (roles <@ ARRAY['teacher', 'senco', 'admin', 'dsl']::text[]);

-- When staff answer messages, in the school's time zone. Outside them parents see when to expect
-- a reply, and pushes to staff wait until the hours begin.
ALTER TABLE school ADD COLUMN office_hours jsonb NOT NULL DEFAULT '[
  {"day": "monday", "opens": "08:00", "closes": "17:00"},
  {"day": "tuesday", "opens": "08:00", "closes": "17:00"},
  {"day": "wednesday", "opens": "08:00", "closes": "17:00"},
  {"day": "thursday", "opens": "08:00", "closes": "17:00"},
  {"day": "friday", "opens": "08:00", "closes": "17:00"}]';

CREATE TABLE conversation (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id       uuid NOT NULL REFERENCES school (id),
  pupil_id        uuid NOT NULL REFERENCES pupil (id),
  subject         text CHECK (length(subject) BETWEEN 1 AND 120),
  created_by      uuid NOT NULL REFERENCES app_user (id),
  created_at      timestamptz NOT NULL,
  -- The newest message's number. Each message takes the next one under this row's lock, so a
  -- conversation's messages have one order on every replica and every device.
  last_seq        bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz NOT NULL
);
CREATE INDEX conversation_pupil_idx ON conversation (pupil_id);

CREATE TABLE conversation_participant (
  conversation_id uuid NOT NULL REFERENCES conversation (id),
  user_id         uuid NOT NULL REFERENCES app_user (id),
  added_by        uuid NOT NULL REFERENCES app_user (id),
  added_at        timestamptz NOT NULL,
  -- Receipts: the newest message that reached one of the participant's devices, and the newest read.
  delivered_seq   bigint NOT NULL DEFAULT 0,
  read_seq        bigint NOT NULL DEFAULT 0,
  read_at         timestamptz,
  -- Messages from others after read_seq, kept up to date by each write so that unread counts
  -- never scan a history.
  unread          integer NOT NULL DEFAULT 0 CHECK (unread >= 0),
  PRIMARY KEY (conversation_id, user_id),
  CHECK (read_seq <= delivered_seq)
);
CREATE INDEX conversation_participant_user_idx ON conversation_participant (user_id);

CREATE TABLE message (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id   uuid NOT NULL REFERENCES conversation (id),
  school_id         uuid NOT NULL REFERENCES school (id),
  seq               bigint NOT NULL CHECK (seq > 0),
  sender_id         uuid NOT NULL REFERENCES app_user (id),
  -- The sending device's id for the message: a retry with the same id is the same message.
  client_message_id text NOT NULL CHECK (length(client_message_id) BETWEEN 1 AND 64),
  text              text NOT NULL CHECK (length(text) <= 4000),
  sent_at           timestamptz NOT NULL,
  edited_at         timestamptz,
  -- Withdrawn messages are hidden from the other side but kept for the school's records.
  withdrawn_at      timestamptz,
  UNIQUE (conversation_id, seq),
  UNIQUE (sender_id, client_message_id)
);

-- Earlier wordings of edited messages: nothing a user writes is rewritten without a trace.
CREATE TABLE message_edit (
  message_id  uuid NOT NULL REFERENCES message (id),
  version     integer NOT NULL,
  text        text NOT NULL,
  replaced_at timestamptz NOT NULL,
  PRIMARY KEY (message_id, version)
);

CREATE TABLE message_attachment (
  message_id    uuid NOT NULL REFERENCES message (id),
  attachment_id uuid NOT NULL REFERENCES attachment (id),
  position      smallint NOT NULL,
  PRIMARY KEY (message_id, attachment_id)
);
CREATE INDEX message_attachment_attachment_idx ON message_attachment (attachment_id);

-- A message staff flagged for the designated safeguarding lead, and who has looked at it.
CREATE TABLE concern (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id  uuid NOT NULL REFERENCES school (id),
  message_id uuid NOT NULL REFERENCES message (id),
  flagged_by uuid NOT NULL REFERENCES app_user (id),
  note       text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  flagged_at timestamptz NOT NULL
);
CREATE INDEX concern_school_idx ON concern (school_id, flagged_at DESC, id);
CREATE INDEX concern_message_idx ON concern (message_id);

CREATE TABLE concern_view (
  concern_id    uuid NOT NULL REFERENCES concern (id),
  viewer_id     uuid NOT NULL REFERENCES app_user (id),
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  views         integer NOT NULL DEFAULT 1,
  PRIMARY KEY (concern_id, viewer_id)
);

-- What happened, for live delivery. Ids are handed out under a transaction-scoped advisory lock
-- taken just before commit, so they are in commit order: a replica reading "after id N" never
-- skips an event that commits later with a smaller id. Rows carry ids, never content.
CREATE TABLE live_event (
  id              bigserial PRIMARY KEY,
  school_id       uuid NOT NULL REFERENCES school (id),
  type            text NOT NULL,
  conversation_id uuid NOT NULL REFERENCES conversation (id),
  message_id      uuid REFERENCES message (id),
  actor_id        uuid NOT NULL REFERENCES app_user (id),
  -- For receipts: the message number read up to.
  seq             bigint,
  recipients      uuid[] NOT NULL,
  created_at      timestamptz NOT NULL
);

-- Each recipient's events, for a device resuming after the last event it saw.
CREATE TABLE live_delivery (
  user_id  uuid NOT NULL REFERENCES app_user (id),
  event_id bigint NOT NULL REFERENCES live_event (id),
  PRIMARY KEY (user_id, event_id)
);
