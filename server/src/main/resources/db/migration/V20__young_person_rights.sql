-- Rights that pass to the young person at the end of compulsory school age (Children and Families
-- Act 2014): their own sign-in, formal notices and annual review invitations addressed to them, and
-- their choice, recorded by the school, that their parents no longer read their record.

-- A young person's own email and password. The account's id is the pupil's id, so a session opened
-- with it is the pupil's own session (session.pupil_id) and every rule about "self" applies.
ALTER TABLE app_user DROP CONSTRAINT app_user_kind_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_kind_check CHECK (kind IN ('staff', 'parent', 'young-person'));
ALTER TABLE app_user ADD COLUMN pupil_id uuid UNIQUE REFERENCES pupil (id);
ALTER TABLE app_user ADD CONSTRAINT app_user_young_person_check
  CHECK ((kind = 'young-person') = (pupil_id IS NOT NULL) AND (pupil_id IS NULL OR pupil_id = id));

-- An invitation is for a parent (invitation_pupil), an account the school created (user_id), or a
-- young person (young_person_id).
ALTER TABLE invitation ADD COLUMN young_person_id uuid REFERENCES pupil (id);

-- The young person asked that their parents stop reading their record, and the school recorded it.
-- Ended (not deleted) when they change their mind, so the history stays.
CREATE TABLE parents_reading_withheld (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  pupil_id      uuid NOT NULL REFERENCES pupil (id),
  requested_on  date NOT NULL,
  note          text CHECK (length(note) BETWEEN 1 AND 2000),
  recorded_by   uuid NOT NULL REFERENCES app_user (id),
  recorded_at   timestamptz NOT NULL,
  ended_on      date,
  ended_by      uuid REFERENCES app_user (id),
  ended_at      timestamptz,
  CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (ended_on IS NULL))
);
CREATE UNIQUE INDEX parents_reading_withheld_current_idx ON parents_reading_withheld (pupil_id) WHERE ended_at IS NULL;
CREATE INDEX parents_reading_withheld_pupil_idx ON parents_reading_withheld (pupil_id, recorded_at DESC);

-- The one visibility rule gains a column: whether this person reads the pupil's record. False only
-- for parents of a young person who asked otherwise; Access narrows the record's actions with it.
CREATE OR REPLACE VIEW pupil_relationship AS
  SELECT p.id AS pupil_id, p.school_id, p.class_id, p.id AS person_id, 'self'::text AS relationship,
         '{}'::text[] AS roles, true AS reads_record
  FROM pupil p
  WHERE p.active
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'parent', u.roles,
         NOT EXISTS (SELECT 1 FROM parents_reading_withheld w WHERE w.pupil_id = p.id AND w.ended_at IS NULL)
  FROM parent_link l
  JOIN pupil p ON p.id = l.pupil_id
  JOIN app_user u ON u.id = l.parent_id
  WHERE p.active AND u.active AND u.kind = 'parent' AND NOT l.contact_blocked
    AND u.school_id = p.school_id AND l.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'class-teacher', u.roles, true
  FROM class_teacher t
  JOIN pupil p ON p.class_id = t.class_id
  JOIN app_user u ON u.id = t.staff_id
  WHERE p.active AND u.active AND u.kind = 'staff' AND u.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'school-staff', u.roles, true
  FROM app_user u
  JOIN pupil p ON p.school_id = u.school_id
  WHERE p.active AND u.active AND u.kind = 'staff'
    AND NOT EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = u.id);

-- Subject access: a young person asks for their own data (person_id is then the pupil's id, with or
-- without an account), and the DPO may pause the clock while the requester's identity is checked
-- (Data (Use and Access) Act 2025); the days paused are added to the deadline when it restarts.
ALTER TABLE subject_access_request DROP CONSTRAINT subject_access_request_person_id_fkey;
ALTER TABLE subject_access_request DROP CONSTRAINT subject_access_request_requested_by_fkey;
ALTER TABLE subject_access_request DROP CONSTRAINT subject_access_request_status_check;
ALTER TABLE subject_access_request ADD CONSTRAINT subject_access_request_status_check
  CHECK (status IN ('pending', 'paused', 'building', 'ready', 'failed', 'deleted'));
ALTER TABLE subject_access_request ADD COLUMN paused_at timestamptz;
ALTER TABLE subject_access_request ADD COLUMN pause_reason text CHECK (length(pause_reason) BETWEEN 1 AND 1000);
ALTER TABLE subject_access_request ADD COLUMN paused_days integer NOT NULL DEFAULT 0;
ALTER TABLE subject_access_request ADD CONSTRAINT subject_access_request_paused_check
  CHECK ((status = 'paused') = (paused_at IS NOT NULL));

-- The data protection officer's list of the school's disclosures.
CREATE INDEX disclosure_school_idx ON disclosure (school_id, at DESC);

-- A link opened, downloaded or answered by someone outside the school is a disclosure; it is also
-- an audit event (action 'disclose'), written by the database in the disclosure's own transaction,
-- so the log the DPO reads and the chain the sealer keeps hold every read of the documents. The
-- actor is the share (the named recipient), which has no account.
ALTER TABLE audit_event DROP CONSTRAINT audit_event_actor_kind_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_kind_check
  CHECK (actor_kind IN ('staff', 'parent', 'pupil', 'external'));

CREATE FUNCTION disclosure_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_event (event_id, at, school_id, actor_id, actor_kind, actor_roles, operation, action,
                           subject_kind, subject_id, pupil_id, request_id, address)
  VALUES (gen_random_uuid(), NEW.at, NEW.school_id, NEW.share_id, 'external', '{}',
          CASE NEW.event WHEN 'viewed' THEN 'openSharedDocuments' WHEN 'downloaded' THEN 'downloadSharedVersion'
                         ELSE 'uploadSharedAdvice' END,
          'disclose', CASE WHEN NEW.version_id IS NULL THEN 'share' ELSE 'document-version' END,
          coalesce(NEW.version_id, NEW.share_id), NEW.pupil_id, 'disclosure-' || NEW.id, NEW.address);
  RETURN NEW;
END $$;

CREATE TRIGGER disclosure_audit AFTER INSERT ON disclosure FOR EACH ROW EXECUTE FUNCTION disclosure_audit();
