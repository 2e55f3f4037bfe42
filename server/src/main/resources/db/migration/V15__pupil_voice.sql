-- Pupil voice (package app.tandem.voice): staff ask a pupil for their views; the pupil answers in
-- the format that suits them; a parent may add their own view beside it. Who may see a view is
-- the one rule (pupil_relationship) plus the view's own sharing state.

-- A school's own choices: whether parents see views at once, the words on its feelings scales, and
-- a symbol set it licenses (Widgit, PCS, ARASAAC...) instead of the default OpenMoji board.
CREATE TABLE voice_settings (
  school_id      uuid PRIMARY KEY REFERENCES school (id),
  share_at_once  boolean NOT NULL DEFAULT false,
  -- {"3": ["not good", "okay", "good"], "5": [...]}: words only; the faces stay the board's.
  scale_words    jsonb NOT NULL DEFAULT '{}',
  -- {"set": "...", "credit": "...", "symbols": [{"id", "label", "altText", "category"}]}
  board          jsonb,
  updated_by     uuid NOT NULL REFERENCES app_user (id),
  updated_at     timestamptz NOT NULL
);

-- Recordings and pictures: a question read aloud, a pupil's spoken answer, a drawing or photo.
-- Checked by content (and, for audio, by reading its length from the file) before they are kept;
-- photos are kept without their location and other EXIF metadata.
CREATE TABLE voice_media (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  -- The signed-in subject: a member of staff, a parent, or the pupil on their own device.
  uploaded_by  uuid NOT NULL,
  media_type   text NOT NULL CHECK (media_type IN ('audio/mp4', 'audio/ogg', 'audio/webm', 'image/png', 'image/jpeg', 'image/heic')),
  size_bytes   integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  duration_ms  integer CHECK (duration_ms BETWEEN 1 AND 181000),
  sha256       bytea NOT NULL,
  content      bytea NOT NULL,
  created_at   timestamptz NOT NULL,
  CHECK ((media_type LIKE 'audio/%') = (duration_ms IS NOT NULL))
);
CREATE INDEX voice_media_uploader_idx ON voice_media (uploaded_by, created_at);

CREATE TABLE views_request (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id         uuid NOT NULL REFERENCES school (id),
  pupil_id          uuid NOT NULL REFERENCES pupil (id),
  -- One ask to a group (a class, the SEN register) is one batch of requests, one per pupil.
  batch_id          uuid NOT NULL,
  asked_by          uuid NOT NULL REFERENCES app_user (id),
  question          text NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
  question_audio_id uuid REFERENCES voice_media (id),
  formats           text[] NOT NULL CHECK (cardinality(formats) BETWEEN 1 AND 6
                      AND formats <@ ARRAY['symbols', 'scale', 'talking-mat', 'audio', 'drawing', 'text']::text[]),
  scale_points      smallint CHECK (scale_points IN (3, 5)),
  -- Talking-mat cards: [{"id": "c1", "label": "...", "symbolId": "..."}]
  mat_cards         jsonb,
  about             text NOT NULL CHECK (about IN ('general', 'outcome', 'review', 'meeting', 'annual-review', 'profile')),
  outcome_id        uuid REFERENCES outcome (id),
  meeting_id        uuid REFERENCES meeting (id),
  annual_review_id  uuid REFERENCES annual_review (id),
  profile_heading   text CHECK (profile_heading IN ('like-about-me', 'important-to-me', 'how-to-support-me')),
  invite_parents    boolean NOT NULL,
  created_at        timestamptz NOT NULL,
  CHECK (('scale' = ANY (formats)) = (scale_points IS NOT NULL)),
  CHECK (('talking-mat' = ANY (formats)) = (mat_cards IS NOT NULL)),
  CHECK ((about = 'outcome') = (outcome_id IS NOT NULL)),
  CHECK ((about = 'meeting') = (meeting_id IS NOT NULL)),
  CHECK ((about = 'annual-review') = (annual_review_id IS NOT NULL)),
  CHECK ((about = 'profile') = (profile_heading IS NOT NULL))
);
CREATE INDEX views_request_pupil_idx ON views_request (pupil_id, created_at DESC);
CREATE INDEX views_request_batch_idx ON views_request (batch_id);
CREATE INDEX views_request_outcome_idx ON views_request (outcome_id) WHERE outcome_id IS NOT NULL;

CREATE TABLE pupil_view (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id      uuid NOT NULL REFERENCES school (id),
  pupil_id       uuid NOT NULL REFERENCES pupil (id),
  request_id     uuid NOT NULL REFERENCES views_request (id),
  -- Whose voice it is: the pupil's own (alone or supported), an adult's reading of what the pupil
  -- communicated, or a parent's own view, kept apart from the pupil's.
  voice          text NOT NULL CHECK (voice IN ('pupil', 'pupil-supported', 'observation', 'parent')),
  support        text CHECK (support IN ('prompts', 'physical-help')),
  -- The adult who helped, observed or wrote (staff or parent); null when the pupil answered alone.
  mediated_by    uuid REFERENCES app_user (id),
  submitted_by   uuid NOT NULL,
  format         text NOT NULL CHECK (format IN ('symbols', 'scale', 'talking-mat', 'audio', 'drawing', 'text')),
  -- The answer as given, with labels as the pupil saw them (a school may change its board later).
  answer         jsonb NOT NULL,
  media_id       uuid REFERENCES voice_media (id),
  created_at     timestamptz NOT NULL,
  shared_at      timestamptz,
  shared_by      uuid REFERENCES app_user (id),
  -- Withdrawn by the pupil (or the parent who wrote it): kept for the school, hidden from everyone else.
  withdrawn_at   timestamptz,
  -- Raised with the designated safeguarding lead: never shared with parents.
  concern_at     timestamptz,
  CHECK ((voice = 'pupil-supported') = (support IS NOT NULL)),
  CHECK (voice NOT IN ('observation', 'parent') OR mediated_by IS NOT NULL),
  CHECK ((format IN ('audio', 'drawing')) = (media_id IS NOT NULL)),
  CHECK (concern_at IS NULL OR shared_at IS NULL)
);
CREATE INDEX pupil_view_pupil_idx ON pupil_view (pupil_id, created_at DESC);
CREATE INDEX pupil_view_request_idx ON pupil_view (request_id);
CREATE UNIQUE INDEX pupil_view_media_idx ON pupil_view (media_id) WHERE media_id IS NOT NULL;

-- A concern may be about a message or about a pupil's view; the DSL's list holds both.
ALTER TABLE concern ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE concern ADD COLUMN pupil_view_id uuid REFERENCES pupil_view (id);
ALTER TABLE concern ADD CONSTRAINT concern_about_one CHECK (num_nonnulls(message_id, pupil_view_id) = 1);
CREATE INDEX concern_pupil_view_idx ON concern (pupil_view_id) WHERE pupil_view_id IS NOT NULL;

-- The annual review timeline's step "pupil's views gathered".
ALTER TABLE annual_review ADD COLUMN views_gathered_on date;

-- What a review meeting's record cites of the pupil's views.
ALTER TABLE meeting ADD COLUMN cited_view_ids uuid[] NOT NULL DEFAULT '{}';

-- A pupil's own paired device may now receive a push ("Your teacher would like to know what you
-- think"), so a device and a push name a person who is either an account or a pupil.
ALTER TABLE device DROP CONSTRAINT device_user_id_fkey;
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_user_id_fkey;
COMMENT ON COLUMN device.user_id IS 'The person: an app_user, or a pupil on their own paired device.';
COMMENT ON COLUMN notification_outbox.user_id IS 'The person: an app_user, or a pupil on their own paired device.';
