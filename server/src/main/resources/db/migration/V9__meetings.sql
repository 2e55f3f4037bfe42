-- Review meetings: rounds of availability, bookable slots, bookings that can never overlap for a
-- member of staff, a room or a pupil (exclusion constraints, not only application checks), what
-- was agreed, and the EHC annual review's statutory timeline.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE review_round (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id         uuid NOT NULL REFERENCES school (id),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  slot_minutes      integer NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 10 AND 180),
  booking_opens_at  timestamptz NOT NULL,
  booking_closes_at timestamptz NOT NULL,
  created_by        uuid NOT NULL REFERENCES app_user (id),
  created_at        timestamptz NOT NULL,
  CHECK (booking_closes_at > booking_opens_at)
);
CREATE INDEX review_round_school_idx ON review_round (school_id, booking_closes_at DESC);

-- When a member of staff can meet, and where. One person's windows never overlap.
CREATE TABLE availability (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id   uuid NOT NULL REFERENCES review_round (id),
  school_id  uuid NOT NULL REFERENCES school (id),
  staff_id   uuid NOT NULL REFERENCES app_user (id),
  during     tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
  place      text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  place_kind text NOT NULL CHECK (place_kind IN ('room', 'video')),
  created_at timestamptz NOT NULL,
  CONSTRAINT availability_no_overlap EXCLUDE USING gist (staff_id WITH =, during WITH &&)
);
CREATE INDEX availability_round_idx ON availability (round_id, staff_id);

-- The pupils expected in a round, and the staff who must attend each one's meeting.
CREATE TABLE round_pupil (
  round_id          uuid NOT NULL REFERENCES review_round (id),
  pupil_id          uuid NOT NULL REFERENCES pupil (id),
  school_id         uuid NOT NULL REFERENCES school (id),
  staff_ids         uuid[] NOT NULL CHECK (cardinality(staff_ids) BETWEEN 1 AND 5),
  -- Separated parents may each book their own meeting when the school allows it.
  separate_meetings boolean NOT NULL DEFAULT false,
  nudged_at         timestamptz,
  PRIMARY KEY (round_id, pupil_id)
);
CREATE INDEX round_pupil_pupil_idx ON round_pupil (pupil_id);

CREATE TABLE meeting (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id       uuid NOT NULL REFERENCES school (id),
  round_id        uuid REFERENCES review_round (id),
  pupil_id        uuid NOT NULL REFERENCES pupil (id),
  kind            text NOT NULL CHECK (kind IN ('review', 'annual-review')),
  during          tstzrange NOT NULL CHECK (NOT isempty(during)),
  place           text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  place_kind      text NOT NULL CHECK (place_kind IN ('room', 'video')),
  -- Set when separated parents each have their own meeting.
  for_parent      uuid REFERENCES app_user (id),
  note            text CHECK (length(note) BETWEEN 1 AND 1000),
  booked_by       uuid NOT NULL REFERENCES app_user (id),
  status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'held')),
  created_at      timestamptz NOT NULL,
  cancelled_at    timestamptz,
  agreed          text CHECK (length(agreed) BETWEEN 1 AND 5000),
  actions         text CHECK (length(actions) BETWEEN 1 AND 5000),
  recorded_at     timestamptz,
  CONSTRAINT meeting_pupil_no_overlap EXCLUDE USING gist (pupil_id WITH =, during WITH &&) WHERE (status <> 'cancelled'),
  CONSTRAINT meeting_room_no_overlap EXCLUDE USING gist (place WITH =, during WITH &&) WHERE (status <> 'cancelled' AND place_kind = 'room')
);
CREATE INDEX meeting_pupil_idx ON meeting (pupil_id, lower(during));
-- One meeting per pupil per round (per parent when they meet separately).
CREATE UNIQUE INDEX meeting_one_per_round_idx ON meeting (round_id, pupil_id, coalesce(for_parent, '00000000-0000-0000-0000-000000000000'))
  WHERE status <> 'cancelled' AND round_id IS NOT NULL;

CREATE TABLE meeting_staff (
  meeting_id uuid NOT NULL REFERENCES meeting (id),
  staff_id   uuid NOT NULL REFERENCES app_user (id),
  during     tstzrange NOT NULL,
  cancelled  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (meeting_id, staff_id),
  CONSTRAINT meeting_staff_no_overlap EXCLUDE USING gist (staff_id WITH =, during WITH &&) WHERE (NOT cancelled)
);

-- The EHC annual review: its meeting date, and the statutory steps around it.
CREATE TABLE annual_review (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id           uuid NOT NULL REFERENCES school (id),
  pupil_id            uuid NOT NULL REFERENCES pupil (id),
  meeting_at          timestamptz NOT NULL,
  place               text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  previous_review_on  date,
  interval_months     integer NOT NULL DEFAULT 12 CHECK (interval_months BETWEEN 1 AND 12),
  short_notice_reason text CHECK (length(short_notice_reason) BETWEEN 1 AND 1000),
  late_reason         text CHECK (length(late_reason) BETWEEN 1 AND 1000),
  invitations_sent_on date,
  advice_requested_on date,
  advice_circulated_on date,
  report_sent_on      date,
  appeal_rights_on    date,
  created_by          uuid NOT NULL REFERENCES app_user (id),
  created_at          timestamptz NOT NULL
);
CREATE INDEX annual_review_school_idx ON annual_review (school_id, meeting_at);

CREATE TABLE annual_review_invitee (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id  uuid NOT NULL REFERENCES annual_review (id),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role       text NOT NULL CHECK (role IN ('parent', 'pupil', 'la-sen-officer', 'health', 'social-care', 'educational-psychologist', 'other')),
  email      text CHECK (length(email) BETWEEN 3 AND 254),
  invited_on date
);
CREATE INDEX annual_review_invitee_review_idx ON annual_review_invitee (review_id);
