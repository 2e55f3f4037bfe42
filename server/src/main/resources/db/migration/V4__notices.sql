-- Notices to families, their language versions, who received, read and acknowledged each, and the
-- notification outbox every capability writes to in the same transaction as its change.

-- The pupil's current SEN status (the SEND record keeps its history). Notices use it for the
-- "SEN register" audience: pupils on SEN support or with an EHC plan.
ALTER TABLE pupil ADD COLUMN sen_status text NOT NULL DEFAULT 'none'
  CHECK (sen_status IN ('none', 'monitoring', 'sen-support', 'ehc-plan'));

CREATE TABLE notice (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  kind          text NOT NULL CHECK (kind IN ('general', 'formal')),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  audience      jsonb NOT NULL,
  requires_ack  boolean NOT NULL,
  reply         text NOT NULL DEFAULT 'none' CHECK (reply IN ('none', 'yesNo', 'text')),
  ack_deadline  timestamptz,
  urgent        boolean NOT NULL DEFAULT false,
  send_at       timestamptz NOT NULL,
  -- When the recipients were resolved and the pushes queued; NULL while scheduled.
  sent_at       timestamptz,
  pupil_id      uuid REFERENCES pupil (id),
  corrects_id   uuid REFERENCES notice (id),
  withdrawn_at  timestamptz,
  created_by    uuid NOT NULL REFERENCES app_user (id),
  created_at    timestamptz NOT NULL,
  CHECK (kind = 'general' OR (requires_ack AND pupil_id IS NOT NULL))
);
CREATE INDEX notice_school_idx ON notice (school_id, created_at DESC, id);
CREATE INDEX notice_due_idx ON notice (send_at) WHERE sent_at IS NULL AND withdrawn_at IS NULL;
CREATE INDEX notice_pupil_idx ON notice (pupil_id) WHERE pupil_id IS NOT NULL;
CREATE UNIQUE INDEX notice_corrected_idx ON notice (corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TABLE notice_translation (
  notice_id uuid NOT NULL REFERENCES notice (id),
  language  text NOT NULL,
  title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body      text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  PRIMARY KEY (notice_id, language)
);

CREATE TABLE notice_recipient (
  notice_id       uuid NOT NULL REFERENCES notice (id),
  parent_id       uuid NOT NULL REFERENCES app_user (id),
  school_id       uuid NOT NULL REFERENCES school (id),
  -- The children through whom the notice reached this parent.
  pupil_ids       uuid[] NOT NULL,
  delivered_at    timestamptz NOT NULL,
  read_at         timestamptz,
  acknowledged_at timestamptz,
  reply           text,
  reminded_at     timestamptz,
  PRIMARY KEY (notice_id, parent_id)
);
CREATE INDEX notice_recipient_parent_idx ON notice_recipient (parent_id, delivered_at DESC, notice_id);

-- What someone must hear about. Rows carry a kind and an id, never content: the app fetches the
-- content over the authenticated API. The push dispatcher claims due rows and sends them.
CREATE TABLE notification_outbox (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  user_id      uuid NOT NULL REFERENCES app_user (id),
  kind         text NOT NULL,
  ref_id       uuid NOT NULL,
  urgent       boolean NOT NULL DEFAULT false,
  collapse_key text,
  created_at   timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  sent_at      timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (due_at) WHERE sent_at IS NULL;
