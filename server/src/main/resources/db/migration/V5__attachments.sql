-- Files attached to notices (and later messages). Stored in PostgreSQL so every replica serves
-- them and they are backed up with the records they belong to.
CREATE TABLE attachment (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id   uuid NOT NULL REFERENCES school (id),
  uploaded_by uuid NOT NULL REFERENCES app_user (id),
  media_type  text NOT NULL CHECK (media_type IN
                ('application/pdf', 'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic')),
  file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  size_bytes  integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256      bytea NOT NULL,
  content     bytea NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX attachment_uploader_idx ON attachment (uploaded_by);

CREATE TABLE notice_attachment (
  notice_id     uuid NOT NULL REFERENCES notice (id),
  attachment_id uuid NOT NULL REFERENCES attachment (id),
  position      smallint NOT NULL,
  PRIMARY KEY (notice_id, attachment_id)
);
CREATE INDEX notice_attachment_attachment_idx ON notice_attachment (attachment_id);
