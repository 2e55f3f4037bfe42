-- Meetings keep their identity when moved or cancelled, and what was agreed keeps its history.
--   sequence          the iCalendar SEQUENCE: raised each time the meeting moves or is cancelled,
--                     so a phone's calendar updates (or removes) the event it imported
--   cancelled_reason  what the school told the family when it cancelled
--   recorded_by       who recorded what was agreed
ALTER TABLE meeting
  ADD COLUMN sequence integer NOT NULL DEFAULT 0,
  ADD COLUMN cancelled_reason text CHECK (length(cancelled_reason) BETWEEN 1 AND 500),
  ADD COLUMN recorded_by uuid REFERENCES app_user (id);

-- Each earlier version of what was agreed, kept when staff correct it.
CREATE TABLE meeting_record_version (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id  uuid NOT NULL REFERENCES meeting (id),
  agreed      text NOT NULL,
  actions     text,
  recorded_by uuid REFERENCES app_user (id),
  recorded_at timestamptz NOT NULL,
  replaced_at timestamptz NOT NULL
);
CREATE INDEX meeting_record_version_meeting_idx ON meeting_record_version (meeting_id, recorded_at);

-- Provision carries its plan, so parents see delivered against what was promised (CoP 6.76).
ALTER TABLE provision ADD COLUMN sessions_per_week numeric(4, 1) CHECK (sessions_per_week > 0 AND sessions_per_week <= 35);

-- Sessions planned up to a day: from the plan when there is one (whole sessions from the start,
-- to the end if it has ended), else the sessions logged (no plan to measure against).
CREATE FUNCTION provision_planned(starts_on date, ends_on date, sessions_per_week numeric, logged integer, on_day date)
  RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN sessions_per_week IS NULL THEN logged
    WHEN on_day < starts_on THEN 0
    ELSE floor((least(on_day, coalesce(ends_on, on_day)) - starts_on + 1) * sessions_per_week / 7)::integer
  END
$$;

-- A parent's earlier replies to a notice, kept when they change their answer before the deadline.
CREATE TABLE notice_reply_change (
  notice_id  uuid NOT NULL,
  parent_id  uuid NOT NULL,
  reply      text,
  replied_at timestamptz NOT NULL,
  changed_at timestamptz NOT NULL
);
CREATE INDEX notice_reply_change_idx ON notice_reply_change (notice_id, parent_id);
