-- Real schools are created by the operator at the command line (`create-school`), before the school
-- has anyone who could have invited its first admin: that admin's setup code has no creator.
ALTER TABLE invitation ALTER COLUMN created_by DROP NOT NULL;
COMMENT ON COLUMN invitation.created_by IS 'who made the code; NULL: the operator, with create-school';

-- A school is found by its name (create-school is idempotent by name), so two schools never share
-- one, whatever the case or surrounding spaces. Name schools in full, with their town.
CREATE UNIQUE INDEX school_name_key ON school (lower(btrim(name)));
