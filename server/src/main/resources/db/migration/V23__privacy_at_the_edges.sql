-- Privacy at the edges: what a family, a blocked adult or another school can still learn.

-- A court-order block ends what the blocked adult reads from the moment it is recorded; anything
-- gathered for them later (a subject access export) stops there. Kept by the database, so every
-- path that blocks a link (the API, an import, SQL by the operator) records it.
ALTER TABLE parent_link ADD COLUMN blocked_at timestamptz;
UPDATE parent_link SET blocked_at = updated_at WHERE contact_blocked;
ALTER TABLE parent_link ADD CONSTRAINT parent_link_blocked_at_check CHECK (contact_blocked = (blocked_at IS NOT NULL));

CREATE FUNCTION parent_link_blocked_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.contact_blocked AND (TG_OP = 'INSERT' OR NOT OLD.contact_blocked) THEN
    NEW.blocked_at := coalesce(NEW.blocked_at, now());
  ELSIF NOT NEW.contact_blocked THEN
    NEW.blocked_at := NULL;
  ELSE
    NEW.blocked_at := OLD.blocked_at;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER parent_link_blocked_at BEFORE INSERT OR UPDATE OF contact_blocked ON parent_link
  FOR EACH ROW EXECUTE FUNCTION parent_link_blocked_at();

-- The one visibility rule gains a column: whether the person holds parental responsibility. Only
-- adults with it consent for a child or receive the child's data on a subject access request; a
-- step-parent or grandparent linked without it sees what the school shares with them.
CREATE OR REPLACE VIEW pupil_relationship AS
  SELECT p.id AS pupil_id, p.school_id, p.class_id, p.id AS person_id, 'self'::text AS relationship,
         '{}'::text[] AS roles, true AS reads_record, true AS responsibility
  FROM pupil p
  WHERE p.active
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'parent', u.roles,
         NOT EXISTS (SELECT 1 FROM parents_reading_withheld w WHERE w.pupil_id = p.id AND w.ended_at IS NULL),
         l.parental_responsibility
  FROM parent_link l
  JOIN pupil p ON p.id = l.pupil_id
  JOIN app_user u ON u.id = l.parent_id
  WHERE p.active AND u.active AND u.kind = 'parent' AND NOT l.contact_blocked
    AND u.school_id = p.school_id AND l.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'class-teacher', u.roles, true, false
  FROM class_teacher t
  JOIN pupil p ON p.class_id = t.class_id
  JOIN app_user u ON u.id = t.staff_id
  WHERE p.active AND u.active AND u.kind = 'staff' AND u.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'school-staff', u.roles, true, false
  FROM app_user u
  JOIN pupil p ON p.school_id = u.school_id
  WHERE p.active AND u.active AND u.kind = 'staff'
    AND NOT EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = u.id);

-- The pupil an audited request concerned, found only within the caller's own school: a guessed id
-- of another school's record must not turn into that school's pupil id in the caller's log.
CREATE FUNCTION audit_pupil_in(school uuid, pupil uuid) RETURNS uuid
  LANGUAGE sql STABLE AS $$
  SELECT p.id FROM pupil p WHERE p.id = audit_pupil_in.pupil AND p.school_id = audit_pupil_in.school
$$;

-- Every way an account stops ends its sessions at once: the API, an import, SQL by the operator. A
-- young person's account signs in as the pupil (session.pupil_id), so its sessions end with it.
-- The NOTIFY makes every replica drop its cached session states.
CREATE FUNCTION app_user_stopped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.active AND NOT NEW.active THEN
    UPDATE session SET revoked_at = now(), revoked_reason = 'deactivated'
    WHERE revoked_at IS NULL AND (user_id = NEW.id OR (NEW.kind = 'young-person' AND pupil_id = NEW.id));
    PERFORM pg_notify('tandem_directory', 'account');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER app_user_stopped AFTER UPDATE OF active ON app_user
  FOR EACH ROW EXECUTE FUNCTION app_user_stopped();

-- RFC 6238 5.2: an authenticator code signs someone in once. The newest time step used; a code of
-- that step or an earlier one is refused.
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;

-- The chain covers how each request ended as well: the record-access list and exports are built
-- from events and their outcomes, so an outcome rewritten behind the database's back (a refused
-- read made to look successful, or the reverse) must break it. Outcomes get their own order
-- (oseq, the order they were written) and their own chain of keyed hashes, sealed like events.
ALTER TABLE audit_outcome ADD COLUMN oseq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX audit_outcome_oseq_idx ON audit_outcome (oseq);
CREATE TABLE audit_outcome_seal (
  oseq  bigint PRIMARY KEY,
  hash  bytea NOT NULL
);
CREATE TRIGGER audit_outcome_seal_append_only BEFORE UPDATE OR DELETE ON audit_outcome_seal
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_outcome_seal_no_truncate BEFORE TRUNCATE ON audit_outcome_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

-- Review meetings are part of the record the log covers: their pupil, from the meeting's id.
CREATE OR REPLACE FUNCTION audit_pupil_of(named_by text, subject_id uuid) RETURNS uuid
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  CASE named_by
    WHEN 'viewId' THEN RETURN (SELECT pupil_id FROM pupil_view WHERE id = audit_pupil_of.subject_id);
    WHEN 'requestId' THEN RETURN (SELECT pupil_id FROM views_request WHERE id = audit_pupil_of.subject_id);
    WHEN 'documentId' THEN RETURN (SELECT pupil_id FROM document WHERE id = audit_pupil_of.subject_id);
    WHEN 'consentId' THEN RETURN (SELECT pupil_id FROM consent WHERE id = audit_pupil_of.subject_id);
    WHEN 'shareId' THEN RETURN (SELECT pupil_id FROM document_share WHERE id = audit_pupil_of.subject_id);
    WHEN 'reviewId' THEN RETURN (SELECT pupil_id FROM annual_review WHERE id = audit_pupil_of.subject_id);
    WHEN 'meetingId' THEN RETURN (SELECT pupil_id FROM meeting WHERE id = audit_pupil_of.subject_id);
    WHEN 'messageId' THEN
      RETURN (SELECT c.pupil_id FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = audit_pupil_of.subject_id);
    WHEN 'concernId' THEN
      RETURN (SELECT coalesce(pv.pupil_id, c.pupil_id) FROM concern k
                LEFT JOIN pupil_view pv ON pv.id = k.pupil_view_id LEFT JOIN message m ON m.id = k.message_id
                LEFT JOIN conversation c ON c.id = m.conversation_id WHERE k.id = audit_pupil_of.subject_id);
    WHEN 'mediaId' THEN
      RETURN coalesce((SELECT pupil_id FROM pupil_view WHERE media_id = audit_pupil_of.subject_id),
                      (SELECT pupil_id FROM views_request WHERE question_audio_id = audit_pupil_of.subject_id LIMIT 1));
    ELSE RETURN NULL;
  END CASE;
END $$;
