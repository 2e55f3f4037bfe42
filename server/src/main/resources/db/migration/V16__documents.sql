-- EHC plans and related papers (package app.tandem.documents), the family's consent to share them
-- outside the school, links given to people outside the school, and every disclosure through them.
-- Email to people without an account goes through an outbox (package app.tandem.mail).

CREATE TABLE document (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id     uuid NOT NULL REFERENCES school (id),
  pupil_id      uuid NOT NULL REFERENCES pupil (id),
  kind          text NOT NULL CHECK (kind IN ('ehc-plan', 'draft-ehc-plan', 'professional-advice',
                  'annual-review-report', 'sen-support-plan', 'transition', 'other')),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- A draft plan sent to the parents, and the date their views are due (15 days, CoP 9.77).
  sent_to_parents_at timestamptz,
  views_due_on  date,
  created_by    uuid REFERENCES app_user (id),
  created_at    timestamptz NOT NULL,
  CHECK ((views_due_on IS NOT NULL) = (kind = 'draft-ehc-plan' AND sent_to_parents_at IS NOT NULL))
);
CREATE INDEX document_pupil_idx ON document (pupil_id, created_at DESC);

-- A version never replaces another: each is kept with its hash, its uploader and its time.
CREATE TABLE document_version (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id  uuid NOT NULL REFERENCES document (id),
  school_id    uuid NOT NULL REFERENCES school (id),
  version      integer NOT NULL CHECK (version >= 1),
  media_type   text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  size_bytes   integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
  sha256       bytea NOT NULL,
  content      bytea NOT NULL,
  -- Staff who uploaded it, or the share through which an outside professional sent it.
  uploaded_by  uuid REFERENCES app_user (id),
  uploaded_through uuid,
  uploaded_at  timestamptz NOT NULL,
  UNIQUE (document_id, version),
  CHECK (num_nonnulls(uploaded_by, uploaded_through) = 1)
);

-- Who decides about sharing a pupil's documents: the parents with a live link until the pupil
-- becomes a young person (the last Friday in June of the school year in which they turn 16), then
-- the young person. The switch is the date in pupil.young_person_from, a data change.
ALTER TABLE pupil ADD COLUMN young_person_from date;

-- A consent record, modelled on ISO/IEC TS 27560 (and the W3C Data Privacy Vocabulary): who gave
-- it, in what role, how, for what purpose, to whom, covering what, until when, and its withdrawal.
CREATE TABLE consent (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id         uuid NOT NULL REFERENCES school (id),
  pupil_id          uuid NOT NULL REFERENCES pupil (id),
  given_by          uuid NOT NULL,
  given_as          text NOT NULL CHECK (given_as IN ('parent', 'young-person')),
  method            text NOT NULL CHECK (method IN ('in-app', 'paper')),
  recorded_by       uuid REFERENCES app_user (id),
  purpose           text NOT NULL CHECK (purpose IN ('annual-review-advice', 'professional-assessment',
                      'transition', 'local-authority-request', 'health-service')),
  purpose_detail    text CHECK (length(purpose_detail) BETWEEN 1 AND 300),
  recipient_name    text CHECK (length(recipient_name) BETWEEN 1 AND 200),
  recipient_organisation text NOT NULL CHECK (length(recipient_organisation) BETWEEN 1 AND 200),
  document_kinds    text[] NOT NULL CHECK (cardinality(document_kinds) >= 1),
  given_at          timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  withdrawn_at      timestamptz,
  withdrawn_by      uuid,
  CHECK (expires_at > given_at AND expires_at <= given_at + interval '12 months'),
  CHECK ((method = 'paper') = (recorded_by IS NOT NULL))
);
CREATE INDEX consent_pupil_idx ON consent (pupil_id, given_at DESC);

-- A link to chosen versions for someone outside the school, resting on a consent or on one of the
-- statutory bases. Only hashes of the link's token and of its access code are kept.
CREATE TABLE document_share (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id           uuid NOT NULL REFERENCES school (id),
  pupil_id            uuid NOT NULL REFERENCES pupil (id),
  consent_id          uuid REFERENCES consent (id),
  statutory_basis     text CHECK (statutory_basis IN ('tribunal', 'court-order', 'maladministration-investigation',
                        'welfare-duty', 'ofsted-inspection', 'disabled-students-allowance', 'next-setting')),
  basis_reference     text CHECK (length(basis_reference) BETWEEN 1 AND 300),
  parents_may_be_told boolean NOT NULL,
  purpose             text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 100),
  recipient_name      text NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
  recipient_organisation text NOT NULL CHECK (length(recipient_organisation) BETWEEN 1 AND 200),
  recipient_email     text CHECK (length(recipient_email) BETWEEN 3 AND 254),
  version_ids         uuid[] NOT NULL,
  token_hash          bytea NOT NULL UNIQUE,
  code_hash           bytea NOT NULL,
  expires_at          timestamptz NOT NULL,
  max_downloads       integer NOT NULL CHECK (max_downloads BETWEEN 1 AND 100),
  downloads           integer NOT NULL DEFAULT 0,
  wrong_codes         integer NOT NULL DEFAULT 0,
  locked_at           timestamptz,
  revoked_at          timestamptz,
  accepts_advice      boolean NOT NULL DEFAULT false,
  created_by          uuid NOT NULL REFERENCES app_user (id),
  created_at          timestamptz NOT NULL,
  CHECK (num_nonnulls(consent_id, statutory_basis) = 1),
  CHECK ((statutory_basis IS NULL) = (basis_reference IS NULL)),
  CHECK (consent_id IS NULL OR parents_may_be_told),
  CHECK (expires_at <= created_at + interval '30 days')
);
CREATE INDEX document_share_pupil_idx ON document_share (pupil_id, created_at DESC);
CREATE INDEX document_share_consent_idx ON document_share (consent_id) WHERE consent_id IS NOT NULL;
ALTER TABLE document_version ADD CONSTRAINT document_version_share_fk
  FOREIGN KEY (uploaded_through) REFERENCES document_share (id);

-- Every view, download and upload through a link: who, what, when, from where, on which basis.
CREATE TABLE disclosure (
  id          bigserial PRIMARY KEY,
  school_id   uuid NOT NULL REFERENCES school (id),
  pupil_id    uuid NOT NULL REFERENCES pupil (id),
  share_id    uuid NOT NULL REFERENCES document_share (id),
  version_id  uuid REFERENCES document_version (id),
  event       text NOT NULL CHECK (event IN ('viewed', 'downloaded', 'uploaded')),
  address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 64),
  at          timestamptz NOT NULL
);
CREATE INDEX disclosure_pupil_idx ON disclosure (pupil_id, at DESC);

-- Email to people without an account, written in the transaction that needs it and sent by a
-- worker with retries, like pushes.
CREATE TABLE mail_outbox (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  to_address   text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  subject      text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_at   timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  lease_until  timestamptz,
  sent_at      timestamptz,
  given_up_at  timestamptz,
  last_error   text
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (due_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
