-- An annual review is also a meeting: it holds the pupil's, the staff's and the room's time like any
-- other (the exclusion constraints on meeting and meeting_staff apply), reaches the parents'
-- meetings and calendars, and counts towards the three meetings a year. Reviews scheduled before
-- this have no meeting and stay as they were.
ALTER TABLE annual_review ADD COLUMN meeting_id uuid UNIQUE REFERENCES meeting (id);
CREATE INDEX annual_review_pupil_idx ON annual_review (pupil_id, meeting_at);
