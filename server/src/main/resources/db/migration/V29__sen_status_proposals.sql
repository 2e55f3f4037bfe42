-- Putting a pupil on SEN support, or taking them off it, is decided between the class teacher and
-- the SENCO (every school's SEN policy): the teacher proposes with the evidence, the SENCO (or an
-- admin) agrees or declines. Families do not see proposals; the record's history has both.
CREATE TABLE sen_status_proposal (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  pupil_id      uuid NOT NULL REFERENCES pupil (id),
  status        text NOT NULL CHECK (status IN ('none', 'monitoring', 'sen-support', 'ehc-plan')),
  evidence      text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 2000),
  proposed_by   uuid NOT NULL REFERENCES app_user (id),
  proposed_at   timestamptz NOT NULL,
  decision      text CHECK (decision IN ('agreed', 'declined')),
  decided_by    uuid REFERENCES app_user (id),
  decided_at    timestamptz,
  decision_note text CHECK (length(decision_note) BETWEEN 1 AND 1000),
  CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL))
);
CREATE INDEX sen_status_proposal_pupil_idx ON sen_status_proposal (pupil_id, proposed_at DESC);
