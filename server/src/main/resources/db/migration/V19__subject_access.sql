-- Subject access requests (UK GDPR Art. 15): a parent for themselves and for their child, or the
-- data protection officer on someone's behalf. The export is built by a worker and kept 30 days.
CREATE TABLE subject_access_request (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  requested_by  uuid NOT NULL REFERENCES app_user (id),
  -- Whose data: the person (a parent), and the pupil they act for, if any.
  person_id     uuid NOT NULL REFERENCES app_user (id),
  pupil_id      uuid REFERENCES pupil (id),
  requested_at  timestamptz NOT NULL,
  -- One month; the DPO may extend by up to two more with a reason.
  due_on        date NOT NULL,
  extended_to   date,
  extension_reason text CHECK (length(extension_reason) BETWEEN 1 AND 1000),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'building', 'ready', 'failed', 'deleted')),
  claimed_until timestamptz,
  export        bytea,
  sha256        bytea,
  size_bytes    integer,
  ready_at      timestamptz,
  deleted_at    timestamptz,
  CHECK ((extended_to IS NULL) = (extension_reason IS NULL)),
  CHECK ((status = 'ready') = (export IS NOT NULL))
);
CREATE INDEX subject_access_school_idx ON subject_access_request (school_id, requested_at DESC);
CREATE INDEX subject_access_pending_idx ON subject_access_request (requested_at) WHERE status IN ('pending', 'building');

-- When the pupil's parents and the SENCO were told, three months ahead, that the pupil will soon
-- make their own decisions.
ALTER TABLE pupil ADD COLUMN young_person_notice_at timestamptz;

-- Where a young person lacks capacity for a kind of decision (Mental Capacity Act 2005), the SENCO
-- records the assessment; for that kind of decision the parents stay the decision-makers.
CREATE TABLE capacity_assessment (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  pupil_id     uuid NOT NULL REFERENCES pupil (id),
  decision     text NOT NULL CHECK (decision IN ('document-sharing')),
  assessed_on  date NOT NULL,
  assessed_by  text NOT NULL CHECK (length(assessed_by) BETWEEN 1 AND 200),
  outcome      text NOT NULL CHECK (outcome IN ('has-capacity', 'lacks-capacity')),
  note         text CHECK (length(note) BETWEEN 1 AND 2000),
  recorded_by  uuid NOT NULL REFERENCES app_user (id),
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX capacity_assessment_pupil_idx ON capacity_assessment (pupil_id, decision, assessed_on DESC, recorded_at DESC);
