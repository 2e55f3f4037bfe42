-- SEN support on its own clock (SEND Code of Practice 6.44-6.56, 6.64-6.71): each assess-plan-do-
-- review cycle has its review date (the term's end unless the school sets one), the class teacher
-- is pushed a week before and on the day, the family and the pupil are asked for their views when
-- the cycle opens, and closing it records each outcome's rating and what changes next.

-- directory: the school's terms. A cycle's review falls at the end of the term it opens in.
CREATE TABLE school_term (
  school_id uuid NOT NULL REFERENCES school (id),
  name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  starts_on date NOT NULL,
  ends_on   date NOT NULL,
  CHECK (ends_on > starts_on),
  PRIMARY KEY (school_id, starts_on),
  CONSTRAINT school_term_no_overlap EXCLUDE USING gist (school_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
);

-- The end of the term a day falls in, or of the next term when the day is in a holiday; null when
-- the school has no term on or after that day.
CREATE FUNCTION term_end(school uuid, on_day date) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT ends_on FROM school_term WHERE school_id = school AND ends_on >= on_day ORDER BY starts_on LIMIT 1
$$;

-- record: what the family can do at home during the cycle, and what changes next once reviewed.
ALTER TABLE review_cycle
  ADD COLUMN at_home text CHECK (length(at_home) BETWEEN 1 AND 1000),
  ADD COLUMN next_steps text CHECK (length(next_steps) BETWEEN 1 AND 2000),
  ADD CONSTRAINT review_cycle_next_steps_when_closed CHECK (next_steps IS NULL OR closed_at IS NOT NULL);
CREATE INDEX review_cycle_due_idx ON review_cycle (school_id, review_on) WHERE closed_at IS NULL;

-- A rating given at a cycle's review names the cycle, so the review's summary shows it.
ALTER TABLE progress ADD COLUMN cycle_id uuid REFERENCES review_cycle (id);
CREATE INDEX progress_cycle_idx ON progress (cycle_id) WHERE cycle_id IS NOT NULL;

-- The class teacher is pushed once a week before a cycle's review date and once on the day: a row
-- per push sent, so no replica and no restart sends one twice.
CREATE TABLE cycle_review_alert (
  cycle_id  uuid NOT NULL REFERENCES review_cycle (id),
  school_id uuid NOT NULL REFERENCES school (id),
  review_on date NOT NULL,
  mark      text NOT NULL CHECK (mark IN ('week-before', 'due')),
  sent_at   timestamptz NOT NULL,
  PRIMARY KEY (cycle_id, review_on, mark)
);

-- voice: a views request may be about a cycle (the family and the pupil asked when it opens).
ALTER TABLE views_request DROP CONSTRAINT views_request_about_check;
ALTER TABLE views_request
  ADD CONSTRAINT views_request_about_check
    CHECK (about IN ('general', 'outcome', 'review', 'meeting', 'annual-review', 'profile', 'cycle')),
  ADD COLUMN cycle_id uuid REFERENCES review_cycle (id),
  ADD CONSTRAINT views_request_about_cycle CHECK ((about = 'cycle') = (cycle_id IS NOT NULL));
CREATE INDEX views_request_cycle_idx ON views_request (cycle_id) WHERE cycle_id IS NOT NULL;

-- voice publishes, per cycle, whether the pupil and any parent have answered what they were asked.
CREATE VIEW cycle_views_given AS
  SELECT q.cycle_id, q.pupil_id,
         bool_or(EXISTS (SELECT 1 FROM pupil_view v WHERE v.request_id = q.id AND v.voice <> 'parent'
                         AND v.withdrawn_at IS NULL)) AS pupil_answered,
         bool_or(q.invite_parents) AS parents_asked,
         bool_or(EXISTS (SELECT 1 FROM pupil_view v WHERE v.request_id = q.id AND v.voice = 'parent'
                         AND v.withdrawn_at IS NULL)) AS parent_answered
  FROM views_request q WHERE q.cycle_id IS NOT NULL
  GROUP BY q.cycle_id, q.pupil_id;
