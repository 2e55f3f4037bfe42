-- The SEND record: SEN status with its history, areas of need, outcomes with their progress,
-- provision with its delivery log, assess-plan-do-review cycles, and who changed what. Nothing here
-- is overwritten or deleted: outcomes close with a result, needs end, and every change is logged.

CREATE TABLE sen_status_change (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id        uuid NOT NULL REFERENCES school (id),
  pupil_id         uuid NOT NULL REFERENCES pupil (id),
  status           text NOT NULL CHECK (status IN ('none', 'monitoring', 'sen-support', 'ehc-plan')),
  -- The EHC plan's dates and the local authority that issued it.
  plan_issued_on   date,
  plan_review_due  date,
  local_authority  text CHECK (length(local_authority) BETWEEN 1 AND 120),
  note             text CHECK (length(note) BETWEEN 1 AND 500),
  changed_by       uuid NOT NULL REFERENCES app_user (id),
  changed_at       timestamptz NOT NULL,
  CHECK ((status = 'ehc-plan') = (plan_issued_on IS NOT NULL AND local_authority IS NOT NULL)),
  CHECK (plan_review_due IS NULL OR plan_review_due > plan_issued_on)
);
CREATE INDEX sen_status_change_pupil_idx ON sen_status_change (pupil_id, changed_at DESC);

CREATE TABLE need (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id   uuid NOT NULL REFERENCES school (id),
  pupil_id    uuid NOT NULL REFERENCES pupil (id),
  area        text NOT NULL CHECK (area IN ('communication-interaction', 'cognition-learning',
                                            'social-emotional-mental-health', 'sensory-physical')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  created_by  uuid NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX need_pupil_idx ON need (pupil_id, created_at);

CREATE TABLE outcome (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  pupil_id     uuid NOT NULL REFERENCES pupil (id),
  area         text NOT NULL CHECK (area IN ('communication-interaction', 'cognition-learning',
                                             'social-emotional-mental-health', 'sensory-physical')),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  -- The same outcome in the pupil's words: "I am learning to ...".
  pupil_title  text NOT NULL CHECK (length(pupil_title) BETWEEN 1 AND 120),
  -- A key into the app's symbol set, shown beside the pupil's wording.
  symbol       text NOT NULL CHECK (symbol ~ '^[a-z0-9-]{1,40}$'),
  agreed_with  text[] NOT NULL CHECK (cardinality(agreed_with) > 0 AND agreed_with <@ ARRAY['parent', 'pupil', 'staff']::text[]),
  starts_on    date NOT NULL,
  review_on    date NOT NULL,
  created_by   uuid NOT NULL REFERENCES app_user (id),
  created_at   timestamptz NOT NULL,
  closed_at    timestamptz,
  closed_by    uuid REFERENCES app_user (id),
  result       text CHECK (result IN ('achieved', 'partly-achieved', 'not-yet', 'replaced')),
  replaced_by  uuid REFERENCES outcome (id),
  closing_note text CHECK (length(closing_note) BETWEEN 1 AND 1000),
  CHECK (review_on > starts_on),
  CHECK ((closed_at IS NULL) = (result IS NULL)),
  CHECK ((result = 'replaced') = (replaced_by IS NOT NULL))
);
CREATE INDEX outcome_pupil_idx ON outcome (pupil_id, created_at);

-- Progress on a fixed scale: 1 not started, 2 beginning, 3 developing, 4 secure.
CREATE TABLE progress (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id   uuid NOT NULL REFERENCES school (id),
  outcome_id  uuid NOT NULL REFERENCES outcome (id),
  rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 4),
  note        text CHECK (length(note) BETWEEN 1 AND 1000),
  -- Ratings the school keeps from the pupil's own screens.
  staff_only  boolean NOT NULL DEFAULT false,
  recorded_on date NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX progress_outcome_idx ON progress (outcome_id, recorded_on DESC, created_at DESC);

CREATE TABLE progress_comment (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  progress_id uuid NOT NULL REFERENCES progress (id),
  author_id   uuid NOT NULL REFERENCES app_user (id),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  created_at  timestamptz NOT NULL
);
CREATE INDEX progress_comment_progress_idx ON progress_comment (progress_id, created_at);

CREATE TABLE provision (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id         uuid NOT NULL REFERENCES school (id),
  pupil_id          uuid NOT NULL REFERENCES pupil (id),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  pupil_description text NOT NULL CHECK (length(pupil_description) BETWEEN 1 AND 200),
  frequency         text NOT NULL CHECK (length(frequency) BETWEEN 1 AND 80),
  delivered_by      text NOT NULL CHECK (length(delivered_by) BETWEEN 1 AND 120),
  starts_on         date NOT NULL,
  ends_on           date,
  created_by        uuid NOT NULL REFERENCES app_user (id),
  created_at        timestamptz NOT NULL,
  -- Kept with each logged session, so the home view never counts a log.
  sessions_planned  integer NOT NULL DEFAULT 0,
  sessions_delivered integer NOT NULL DEFAULT 0,
  CHECK (ends_on IS NULL OR ends_on > starts_on)
);
CREATE INDEX provision_pupil_idx ON provision (pupil_id, starts_on);

CREATE TABLE provision_outcome (
  provision_id uuid NOT NULL REFERENCES provision (id),
  outcome_id   uuid NOT NULL REFERENCES outcome (id),
  PRIMARY KEY (provision_id, outcome_id)
);

-- Each planned session: delivered, or not (and why).
CREATE TABLE provision_session (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provision_id uuid NOT NULL REFERENCES provision (id),
  held_on      date NOT NULL,
  delivered    boolean NOT NULL,
  note         text CHECK (length(note) BETWEEN 1 AND 500),
  recorded_by  uuid NOT NULL REFERENCES app_user (id),
  created_at   timestamptz NOT NULL,
  UNIQUE (provision_id, held_on)
);

CREATE TABLE review_cycle (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  pupil_id      uuid NOT NULL REFERENCES pupil (id),
  opened_on     date NOT NULL,
  review_on     date NOT NULL,
  opened_by     uuid NOT NULL REFERENCES app_user (id),
  closed_at     timestamptz,
  closed_by     uuid REFERENCES app_user (id),
  review_record text CHECK (length(review_record) BETWEEN 1 AND 5000),
  outcome_ids   uuid[] NOT NULL DEFAULT '{}',
  provision_ids uuid[] NOT NULL DEFAULT '{}',
  CHECK (review_on > opened_on),
  CHECK ((closed_at IS NULL) = (review_record IS NULL))
);
CREATE INDEX review_cycle_pupil_idx ON review_cycle (pupil_id, opened_on DESC);
-- At most one cycle open per pupil at a time.
CREATE UNIQUE INDEX review_cycle_open_idx ON review_cycle (pupil_id) WHERE closed_at IS NULL;

-- Who changed what and when, for staff.
CREATE TABLE record_change (
  id         bigserial PRIMARY KEY,
  school_id  uuid NOT NULL REFERENCES school (id),
  pupil_id   uuid NOT NULL REFERENCES pupil (id),
  entity     text NOT NULL,
  entity_id  uuid NOT NULL,
  action     text NOT NULL,
  detail     jsonb NOT NULL DEFAULT '{}',
  changed_by uuid NOT NULL REFERENCES app_user (id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX record_change_pupil_idx ON record_change (pupil_id, id DESC);
