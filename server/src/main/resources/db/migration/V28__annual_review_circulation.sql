-- The annual review's advice and report go to everyone invited on a statutory basis of their own
-- (SEND Regulations 2014, regulation 20), not on a consent per invitee.
ALTER TABLE document_share DROP CONSTRAINT document_share_statutory_basis_check;
ALTER TABLE document_share ADD CONSTRAINT document_share_statutory_basis_check
  CHECK (statutory_basis IN ('tribunal', 'court-order', 'maladministration-investigation', 'welfare-duty',
                             'ofsted-inspection', 'disabled-students-allowance', 'next-setting',
                             'annual-review-circulation'));

-- Professional advice the school circulated for a review: from then on the family read it too
-- (advice never circulated stays the school's).
ALTER TABLE document ADD COLUMN circulated_at timestamptz;

-- What Tandem sent for a review, to whom and when (and why late, when it was).
CREATE TABLE annual_review_sent (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id   uuid NOT NULL REFERENCES annual_review (id),
  what        text NOT NULL CHECK (what IN ('advice', 'report')),
  sent_to     text NOT NULL CHECK (length(sent_to) BETWEEN 1 AND 420),
  share_id    uuid,
  late_reason text CHECK (length(late_reason) BETWEEN 1 AND 1000),
  at          timestamptz NOT NULL
);
CREATE INDEX annual_review_sent_review_idx ON annual_review_sent (review_id, at);

-- What meetings publishes for documents: asking for advice through a link for a pupil whose
-- annual review is coming (within 16 weeks) is the review's advice-requested step, on the school's
-- date.
CREATE FUNCTION note_advice_requested(child uuid, at timestamptz) RETURNS void LANGUAGE sql AS $$
  UPDATE annual_review a SET advice_requested_on = (at AT TIME ZONE s.time_zone)::date
  FROM school_profile s
  WHERE a.pupil_id = child AND s.id = a.school_id AND a.advice_requested_on IS NULL
    AND a.meeting_at > at AND a.meeting_at <= at + interval '16 weeks'
    AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.id = a.meeting_id AND m.status = 'cancelled')
$$;
