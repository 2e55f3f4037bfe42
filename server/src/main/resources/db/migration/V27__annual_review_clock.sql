-- The EHC plan's review clock: the SENCO is pushed, once each, when a plan with no review arranged
-- reaches two months before its due date and when the date comes. A row per push sent, so no
-- replica and no restart sends one twice; a new due date (a review held) starts afresh.
CREATE TABLE annual_review_alert (
  pupil_id uuid NOT NULL REFERENCES pupil (id),
  school_id uuid NOT NULL REFERENCES school (id),
  due_on   date NOT NULL,
  mark     text NOT NULL CHECK (mark IN ('two-months-before', 'due')),
  sent_at  timestamptz NOT NULL,
  PRIMARY KEY (pupil_id, due_on, mark)
);

-- An email may carry a calendar invitation (text/calendar, RFC 6047): the annual review's invitees
-- get the meeting in their own calendars. Erased with the body once sent.
ALTER TABLE mail_outbox ADD COLUMN calendar text;
