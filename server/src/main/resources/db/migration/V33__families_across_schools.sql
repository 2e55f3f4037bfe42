-- One family, several schools: a parent's account is the person's, linked to children at any
-- number of schools; every school's data stays its own. Staff accounts stay one per school.

-- identity: the schools a person has joined: the one their account was made at (once they have a
-- password) and every school whose invitation they accepted. A link at another school counts only
-- once the person accepts that school's invitation (with its code), so a school cannot reach a
-- family just by importing an email address someone else's school already knows.
CREATE INDEX invitation_redeemed_idx ON invitation (redeemed_by, school_id) WHERE redeemed_by IS NOT NULL;
CREATE VIEW joined_school AS
  SELECT id AS person_id, school_id FROM app_user WHERE password_hash IS NOT NULL
UNION
  SELECT redeemed_by, school_id FROM invitation WHERE redeemed_by IS NOT NULL;

-- Accepting a school's invitation changes who stands to which child: every replica drops its cached
-- relationships and session states (the directory's channel), whichever path redeemed it.
CREATE FUNCTION invitation_redeemed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tandem_directory', 'joined');
  RETURN NEW;
END $$;
CREATE TRIGGER invitation_redeemed AFTER UPDATE OF redeemed_by ON invitation
  FOR EACH ROW WHEN (NEW.redeemed_by IS NOT NULL AND OLD.redeemed_by IS NULL) EXECUTE FUNCTION invitation_redeemed();

-- directory publishes the links that stand: not blocked, to a pupil still at the school (who has
-- joined is identity's to say; what a link allows is the access rule's).
CREATE VIEW standing_link AS
  SELECT l.school_id, l.parent_id, l.pupil_id, p.class_id
  FROM parent_link l JOIN pupil p ON p.id = l.pupil_id
  WHERE NOT l.contact_blocked AND p.active AND l.school_id = p.school_id;

-- A trust's SEND lead reads the SEN register, due reviews and coverage of the trust's schools.
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check
  CHECK (roles <@ ARRAY['teacher', 'senco', 'admin', 'dsl', 'dpo', 'headteacher', 'trust-send-lead']::text[]);

-- access: a parent stands to a child at any school where they are linked, when that school is the
-- one their account was made at or they accepted its invitation; a trust's SEND lead to the pupils
-- of the trust's schools.
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
  WHERE p.active AND u.active AND u.kind = 'parent' AND NOT l.contact_blocked AND l.school_id = p.school_id
    AND (u.school_id = p.school_id
         OR EXISTS (SELECT 1 FROM invitation i WHERE i.redeemed_by = u.id AND i.school_id = p.school_id))
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
    AND NOT EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = u.id)
UNION ALL
  -- A trust's SEND lead stands to the pupils of the trust's other schools (at their own school they
  -- are staff): what that allows is the access rule's READ_REGISTER alone.
  SELECT p.id, p.school_id, p.class_id, u.id, 'trust-lead', u.roles, true, false
  FROM app_user u
  JOIN school us ON us.id = u.school_id
  JOIN school ps ON ps.trust_id = us.trust_id AND ps.id <> us.id
  JOIN pupil p ON p.school_id = ps.id
  WHERE p.active AND u.active AND u.kind = 'staff' AND 'trust-send-lead' = ANY (u.roles);

-- audit: the school an event concerns. A parent's read of a child is the child's school's to
-- answer for (its DPO sees it); anything else stays at the caller's own school. Only a school
-- where the parent has a link counts, so a guessed id never moves an event to another school.
CREATE FUNCTION audit_school_for(actor uuid, actor_kind text, actor_school uuid, pupil uuid) RETURNS uuid
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN actor_kind = 'parent' AND pupil IS NOT NULL
              THEN coalesce((SELECT l.school_id FROM parent_of l WHERE l.parent_id = actor AND l.pupil_id = pupil
                             LIMIT 1), actor_school)
              ELSE actor_school END
$$;
