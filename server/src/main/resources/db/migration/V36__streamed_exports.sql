-- A subject access export is written as it is built, in chunks of about a megabyte, so neither
-- building nor downloading one holds the whole file in memory, however many years it covers.
-- Exports made before this keep their single `export` value until they are deleted after 30 days.
CREATE TABLE subject_access_export_chunk (
  request_id uuid NOT NULL REFERENCES subject_access_request (id) ON DELETE CASCADE,
  seq        integer NOT NULL CHECK (seq >= 0),
  bytes      bytea NOT NULL,
  PRIMARY KEY (request_id, seq)
);

-- A ready export is either the old single value or its chunks; either way it has its digest and size.
DO $$
DECLARE
  old_check text;
BEGIN
  SELECT conname INTO old_check FROM pg_constraint
   WHERE conrelid = 'subject_access_request'::regclass AND contype = 'c'
     AND pg_get_constraintdef(oid) LIKE '%export IS NOT NULL%';
  EXECUTE format('ALTER TABLE subject_access_request DROP CONSTRAINT %I', old_check);
END $$;
ALTER TABLE subject_access_request ADD CONSTRAINT subject_access_request_ready_check
  CHECK (status <> 'ready' OR (sha256 IS NOT NULL AND size_bytes IS NOT NULL));
ALTER TABLE subject_access_request ALTER COLUMN size_bytes TYPE bigint;
