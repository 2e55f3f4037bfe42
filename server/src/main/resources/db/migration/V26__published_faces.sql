-- What each owner publishes for the other capabilities to read. A view, not the table: readers
-- see only what is theirs to see (no password hashes, no TOTP secrets), the owner may reshape its
-- table behind it, and other packages write only through the functions below (TableOwnersTest
-- fails on SQL naming another package's table). PostgreSQL inlines simple views, so the plans are
-- the tables' own.

-- identity: the people who sign in, without their credentials.
CREATE VIEW person AS
  SELECT id, school_id, kind, email, display_name, roles, active, pupil_id, preferred_language,
         password_hash IS NOT NULL AS signed_in, totp_secret IS NOT NULL AS mfa_enrolled
  FROM app_user;

-- identity's account writes for directory, which adds and stops staff and imports parents: the
-- account is identity's row, the decision to make it directory's.
CREATE FUNCTION add_account(at_school uuid, account_kind text, address text, name text, staff_roles text[])
  RETURNS uuid LANGUAGE sql AS $$
  INSERT INTO app_user (school_id, kind, email, display_name, roles) VALUES (at_school, account_kind, address, name, staff_roles)
  RETURNING id
$$;

-- The parent account with this email: made (created true) or found (created false).
CREATE FUNCTION parent_account(at_school uuid, address text, name text, OUT id uuid, OUT created boolean)
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app_user (school_id, kind, email, display_name) VALUES (at_school, 'parent', address, name)
  ON CONFLICT (email) DO NOTHING RETURNING app_user.id INTO id;
  created := id IS NOT NULL;
  IF NOT created THEN
    SELECT u.id INTO id FROM app_user u WHERE u.email = address;
  END IF;
END $$;

-- Changes what is given of a staff member of the school; false when there is none.
CREATE FUNCTION update_staff(staff uuid, at_school uuid, name text, new_roles text[]) RETURNS boolean
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app_user SET display_name = coalesce(name, display_name), roles = coalesce(new_roles, roles), updated_at = now()
  WHERE id = staff AND school_id = at_school AND kind = 'staff';
  RETURN FOUND;
END $$;

-- Stops an account of this school and kind (identity's trigger ends its sessions); false when none.
CREATE FUNCTION stop_account(account uuid, at_school uuid, account_kind text) RETURNS boolean
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app_user SET active = false, updated_at = now() WHERE id = account AND school_id = at_school AND kind = account_kind;
  RETURN FOUND;
END $$;

-- directory: schools, classes, who teaches them, pupils, and parents' links to them.
CREATE VIEW school_profile AS
  SELECT id, trust_id, name, time_zone, require_staff_mfa, office_hours FROM school;

CREATE VIEW class_profile AS
  SELECT id, school_id, name, year_group, active FROM school_class;

CREATE VIEW teaches AS
  SELECT staff_id, class_id FROM class_teacher;

CREATE VIEW pupil_profile AS
  SELECT id, school_id, class_id, first_name, last_name, preferred_name, date_of_birth, year_group,
         external_ref, active, sen_status, young_person_from, young_person_notice_at
  FROM pupil;

CREATE VIEW parent_of AS
  SELECT school_id, parent_id, pupil_id, relationship, parental_responsibility, contact_blocked, blocked_at
  FROM parent_link;

-- directory's writes for others: identity links a parent who redeems an invitation (a link they
-- already have stays as it is); record keeps the pupil's SEN status; documents notes when the young
-- person's notice went; messaging sets the school's office hours.
CREATE FUNCTION link_parent(at_school uuid, parent uuid, child uuid, relation text, responsibility boolean)
  RETURNS void LANGUAGE sql AS $$
  INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship, parental_responsibility)
  VALUES (at_school, parent, child, relation, responsibility)
  ON CONFLICT (parent_id, pupil_id) DO NOTHING
$$;

CREATE FUNCTION set_sen_status(child uuid, status text) RETURNS void LANGUAGE sql AS $$
  UPDATE pupil SET sen_status = status WHERE id = child
$$;

CREATE FUNCTION note_young_person_notice(child uuid, at timestamptz) RETURNS void LANGUAGE sql AS $$
  UPDATE pupil SET young_person_notice_at = at WHERE id = child
$$;

CREATE FUNCTION set_office_hours(at_school uuid, days jsonb) RETURNS void LANGUAGE sql AS $$
  UPDATE school SET office_hours = days WHERE id = at_school
$$;

-- attachments: what a file is, without its bytes.
CREATE VIEW attachment_info AS
  SELECT id, school_id, uploaded_by, media_type, file_name, size_bytes, created_at FROM attachment;

-- voice: which pupil a view is about (messaging's concerns may be about a view).
CREATE VIEW pupil_view_subject AS
  SELECT id, school_id, pupil_id FROM pupil_view;

-- documents: who a share went to (the audit log names an outside professional by it), whether it
-- asked for advice, and when the first advice came back through it (the annual review's replies).
CREATE VIEW share_recipient AS
  SELECT s.id, s.school_id, s.pupil_id, s.recipient_name, s.recipient_organisation, s.accepts_advice, s.created_at,
         (SELECT min(v.uploaded_at) FROM document_version v WHERE v.uploaded_through = s.id) AS advice_received_at
  FROM document_share s;

-- record: the SEN status history, review cycles' dates and outcomes' titles.
CREATE VIEW sen_status_history AS
  SELECT pupil_id, school_id, status, plan_issued_on, plan_review_due, changed_at FROM sen_status_change;

CREATE VIEW review_cycle_dates AS
  SELECT id, pupil_id, opened_on, review_on, closed_at FROM review_cycle;

CREATE VIEW outcome_title AS
  SELECT id, pupil_id, title, pupil_title FROM outcome;

-- meetings: every review meeting and annual review with when it is and whether it was (or will
-- be) held, and a pupil's booked meetings.
CREATE VIEW review_meeting AS
  SELECT m.id, m.pupil_id, 'meeting' AS kind, lower(m.during) AS at, m.status = 'held' AS held FROM meeting m
  UNION ALL
  SELECT a.id, a.pupil_id, 'annual-review', a.meeting_at,
         NOT EXISTS (SELECT 1 FROM meeting c WHERE c.id = a.meeting_id AND c.status = 'cancelled')
  FROM annual_review a;

CREATE VIEW booked_meeting AS
  SELECT id, pupil_id, lower(during) AS starts_at, place FROM meeting WHERE status = 'booked';

-- messaging: how many messages each participant has not read, by the pupil they are about.
CREATE VIEW unread_messages AS
  SELECT cp.user_id AS person_id, c.pupil_id, cp.unread
  FROM conversation_participant cp JOIN conversation c ON c.id = cp.conversation_id;

-- notices: the notices a parent has still to acknowledge, with the pupils each is about.
CREATE VIEW notice_awaiting_ack AS
  SELECT r.parent_id, r.pupil_ids, r.notice_id
  FROM notice_recipient r JOIN notice n ON n.id = r.notice_id
  WHERE n.requires_ack AND r.acknowledged_at IS NULL AND n.withdrawn_at IS NULL;

-- push: quiet hours are when a phone stays silent, push's own rule, so they move to push's table
-- (they were two columns on the account).
CREATE TABLE quiet_hours (
  person_id  uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  quiet_from time NOT NULL,
  quiet_to   time NOT NULL CHECK (quiet_to <> quiet_from)
);
INSERT INTO quiet_hours (person_id, quiet_from, quiet_to)
  SELECT id, quiet_from, quiet_to FROM app_user WHERE quiet_from IS NOT NULL AND quiet_to IS NOT NULL;
ALTER TABLE app_user DROP COLUMN quiet_from, DROP COLUMN quiet_to;
