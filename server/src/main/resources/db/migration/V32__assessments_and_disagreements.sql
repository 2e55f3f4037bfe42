-- Before a plan: requests for an EHC needs assessment and their clocks, the family's and the school's
-- views on a draft plan (package app.tandem.assessment); when families disagree, and where they can
-- turn (package app.tandem.disagreement).

-- identity: the headteacher is told when a family disagrees (the school's complaints procedure).
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check
  CHECK (roles <@ ARRAY['teacher', 'senco', 'admin', 'dsl', 'dpo', 'headteacher']::text[]);

-- directory: the school day `days` school days after `from_day`. A school day is a weekday that is
-- not a holiday; a holiday is a weekday between the school's first recorded term and its last that
-- falls in no term. Outside the recorded terms (or with none) every weekday counts.
CREATE FUNCTION school_days_after(school uuid, from_day date, days int) RETURNS date LANGUAGE sql STABLE AS $$
  WITH span AS (SELECT min(starts_on) AS first_day, max(ends_on) AS last_day FROM school_term WHERE school_id = school)
  SELECT d::date FROM span, generate_series(from_day + 1, from_day + 400, interval '1 day') d
  WHERE extract(isodow FROM d) < 6
    AND (span.first_day IS NULL OR d::date < span.first_day OR d::date > span.last_day
         OR EXISTS (SELECT 1 FROM school_term t WHERE t.school_id = school AND d::date BETWEEN t.starts_on AND t.ends_on))
  ORDER BY d OFFSET greatest(days, 1) - 1 LIMIT 1
$$;

-- documents: the local authority's letter saying whether it will assess, which parents read.
ALTER TABLE document DROP CONSTRAINT document_kind_check;
ALTER TABLE document ADD CONSTRAINT document_kind_check
  CHECK (kind IN ('ehc-plan', 'draft-ehc-plan', 'professional-advice', 'annual-review-report', 'sen-support-plan',
                  'transition', 'la-decision', 'other'));

-- documents: a link on the local authority's request (its information request in an assessment, or
-- for the views on a draft plan).
ALTER TABLE document_share DROP CONSTRAINT document_share_statutory_basis_check;
ALTER TABLE document_share ADD CONSTRAINT document_share_statutory_basis_check
  CHECK (statutory_basis IN ('tribunal', 'court-order', 'maladministration-investigation', 'welfare-duty',
                             'ofsted-inspection', 'disabled-students-allowance', 'next-setting',
                             'annual-review-circulation', 'local-authority-request'));

-- documents publishes each document's pupil and kind, and a draft plan's 15 days.
CREATE VIEW document_of AS
  SELECT id, school_id, pupil_id, kind, title, sent_to_parents_at, views_due_on FROM document;

-- assessment: one request for an EHC needs assessment (or a re-assessment), its state and dates.
CREATE TABLE assessment_request (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id                 uuid NOT NULL REFERENCES school (id),
  pupil_id                  uuid NOT NULL REFERENCES pupil (id),
  reassessment              boolean NOT NULL DEFAULT false,
  -- Who asked the local authority: the school (with the family), or the parents or young person themselves.
  requested_by              text NOT NULL CHECK (requested_by IN ('school', 'parents', 'young-person')),
  local_authority           text NOT NULL CHECK (length(local_authority) BETWEEN 1 AND 200),
  reason                    text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  state                     text NOT NULL CHECK (state IN ('being-prepared', 'sent', 'information-requested',
                              'assessing', 'not-assessing', 'plan-drafted', 'plan-issued', 'plan-not-issued')),
  sent_on                   date,
  information_requested_on  date,
  information_due_on        date,
  information_sent_on       date,
  decided_on                date,
  decision_letter_id        uuid REFERENCES document (id),
  drafted_on                date,
  draft_id                  uuid REFERENCES document (id),
  finished_on               date,
  view_ids                  uuid[] NOT NULL DEFAULT '{}',
  created_by                uuid NOT NULL REFERENCES app_user (id),
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL,
  CHECK ((state = 'being-prepared') = (sent_on IS NULL)),
  CHECK ((information_requested_on IS NULL) = (information_due_on IS NULL)),
  CHECK (information_sent_on IS NULL OR information_requested_on IS NOT NULL)
);
-- One request in progress per pupil: a second would split the family's story in two.
CREATE UNIQUE INDEX assessment_request_in_progress ON assessment_request (pupil_id)
  WHERE state NOT IN ('not-assessing', 'plan-issued', 'plan-not-issued');
CREATE INDEX assessment_request_school_idx ON assessment_request (school_id, state);

-- Each step, as it was recorded: the request's history.
CREATE TABLE assessment_step (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id   uuid NOT NULL REFERENCES assessment_request (id),
  step         text NOT NULL,
  on_day       date NOT NULL,
  note         text CHECK (length(note) BETWEEN 1 AND 2000),
  document_id  uuid REFERENCES document (id),
  notice_id    uuid,
  recorded_by  uuid NOT NULL REFERENCES app_user (id),
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX assessment_step_request_idx ON assessment_step (request_id, recorded_at);

-- The SENCO's push a week before the school's information is due: once per request and due date.
CREATE TABLE assessment_alert (
  request_id  uuid NOT NULL REFERENCES assessment_request (id),
  due_on      date NOT NULL,
  sent_at     timestamptz NOT NULL,
  PRIMARY KEY (request_id, due_on)
);

-- Views on a draft plan: the family's (parents or the young person) and the school's, within its 15 days.
CREATE TABLE draft_plan_views (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id        uuid NOT NULL REFERENCES school (id),
  pupil_id         uuid NOT NULL REFERENCES pupil (id),
  draft_id         uuid NOT NULL REFERENCES document (id),
  given_as         text NOT NULL CHECK (given_as IN ('parent', 'young-person', 'school')),
  -- A parent's or staff account, or the pupil (a young person speaks for themselves on their own device).
  given_by         uuid NOT NULL,
  views            text NOT NULL CHECK (length(views) BETWEEN 1 AND 8000),
  preferred_school text CHECK (length(preferred_school) BETWEEN 1 AND 200),
  attachment_id    uuid REFERENCES attachment (id),
  given_at         timestamptz NOT NULL,
  CHECK (given_as <> 'school' OR preferred_school IS NULL)
);
CREATE INDEX draft_plan_views_draft_idx ON draft_plan_views (draft_id, given_at);

-- assessment publishes the views kept with each draft, for a link to the local authority.
CREATE VIEW draft_views_given AS
  SELECT draft_id, given_as, views, preferred_school, given_at FROM draft_plan_views;

-- The family's reminder on day 10 of a draft's 15 days when they have sent nothing: once per draft.
CREATE TABLE draft_views_reminder (
  draft_id  uuid PRIMARY KEY REFERENCES document (id),
  sent_at   timestamptz NOT NULL
);

-- disagreement: where the family can turn, set per school.
CREATE TABLE where_to_turn (
  school_id                   uuid PRIMARY KEY REFERENCES school (id),
  sen_information_report_url  text CHECK (sen_information_report_url ~ '^https://'),
  local_offer_url             text CHECK (local_offer_url ~ '^https://'),
  sendiass_name               text CHECK (length(sendiass_name) BETWEEN 1 AND 200),
  sendiass_phone              text CHECK (length(sendiass_phone) BETWEEN 3 AND 40),
  sendiass_url                text CHECK (sendiass_url ~ '^https://'),
  -- The school's complaints procedure: how many school days it takes to answer.
  response_school_days        int NOT NULL DEFAULT 10 CHECK (response_school_days BETWEEN 1 AND 60),
  updated_at                  timestamptz NOT NULL
);

-- A family disagrees: about a decision, the plan, the provision or a review.
CREATE TABLE disagreement (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id        uuid NOT NULL REFERENCES school (id),
  pupil_id         uuid NOT NULL REFERENCES pupil (id),
  -- A parent's account, or the pupil (a young person).
  raised_by        uuid NOT NULL,
  raised_as        text NOT NULL CHECK (raised_as IN ('parent', 'young-person')),
  about            text NOT NULL CHECK (about IN ('decision', 'plan', 'provision', 'review', 'other')),
  summary          text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  state            text NOT NULL CHECK (state IN ('raised', 'discussed', 'resolved', 'taken-further')),
  taken_to         text CHECK (taken_to IN ('local-authority', 'mediation', 'tribunal')),
  response_due_on  date NOT NULL,
  raised_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((state = 'taken-further') = (taken_to IS NOT NULL))
);
CREATE INDEX disagreement_pupil_idx ON disagreement (pupil_id, raised_at DESC);
CREATE INDEX disagreement_open_idx ON disagreement (school_id, response_due_on) WHERE state IN ('raised', 'discussed');

CREATE TABLE disagreement_step (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disagreement_id  uuid NOT NULL REFERENCES disagreement (id),
  state            text NOT NULL,
  note             text NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
  met_on           date,
  recorded_by      uuid NOT NULL REFERENCES app_user (id),
  recorded_at      timestamptz NOT NULL
);
CREATE INDEX disagreement_step_idx ON disagreement_step (disagreement_id, recorded_at);

-- disagreement publishes the school's links for the parent home and the record.
CREATE VIEW school_help_links AS
  SELECT school_id, json_strip_nulls(json_build_object(
           'senInformationReportUrl', sen_information_report_url, 'localOfferUrl', local_offer_url,
           'sendiass', CASE WHEN sendiass_name IS NULL THEN NULL
                            ELSE json_strip_nulls(json_build_object('name', sendiass_name, 'phone', sendiass_phone,
                                                                    'url', sendiass_url)) END,
           'responseSchoolDays', response_school_days)) AS links
  FROM where_to_turn;

-- audit: the pupil an audited operation is about, from the new ids in its path.
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
    WHEN 'assessmentRequestId' THEN RETURN (SELECT pupil_id FROM assessment_request WHERE id = audit_pupil_of.subject_id);
    WHEN 'disagreementId' THEN RETURN (SELECT pupil_id FROM disagreement WHERE id = audit_pupil_of.subject_id);
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
