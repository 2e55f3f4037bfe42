-- The directory every capability hangs from: trusts, schools, people, classes, pupils and the
-- links between parents and pupils. Every pupil-related row carries school_id.

CREATE TABLE trust (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE school (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id   uuid REFERENCES trust (id),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  time_zone  text NOT NULL DEFAULT 'Europe/London',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_trust_idx ON school (trust_id);

-- Staff and parents: the adults who sign in. One account belongs to one school.
CREATE TABLE app_user (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  kind         text NOT NULL CHECK (kind IN ('staff', 'parent')),
  email        text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  -- Staff roles; one person may hold several. Empty for parents.
  roles        text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['teacher', 'senco', 'admin']::text[]),
  preferred_language text NOT NULL DEFAULT 'en',
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'staff' OR roles = '{}')
);
CREATE UNIQUE INDEX app_user_email_idx ON app_user (email);
CREATE INDEX app_user_school_idx ON app_user (school_id, kind);

CREATE TABLE school_class (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id  uuid NOT NULL REFERENCES school (id),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  year_group smallint NOT NULL CHECK (year_group BETWEEN -1 AND 14),
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (school_id, name)
);

CREATE TABLE class_teacher (
  class_id uuid NOT NULL REFERENCES school_class (id),
  staff_id uuid NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (class_id, staff_id)
);
CREATE INDEX class_teacher_staff_idx ON class_teacher (staff_id);

CREATE TABLE pupil (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id      uuid NOT NULL REFERENCES school (id),
  class_id       uuid REFERENCES school_class (id),
  first_name     text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name      text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  preferred_name text CHECK (length(preferred_name) BETWEEN 1 AND 100),
  date_of_birth  date NOT NULL,
  year_group     smallint NOT NULL CHECK (year_group BETWEEN -1 AND 14),
  -- The school's own reference (e.g. the information system's id), used by imports.
  external_ref   text CHECK (length(external_ref) BETWEEN 1 AND 64),
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pupil_school_idx ON pupil (school_id);
CREATE INDEX pupil_class_idx ON pupil (class_id);
CREATE UNIQUE INDEX pupil_external_ref_idx ON pupil (school_id, external_ref) WHERE external_ref IS NOT NULL;

-- A parent or carer linked to a pupil. contact_blocked (court order, safeguarding decision) means
-- the adult gets nothing about this pupil.
CREATE TABLE parent_link (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id               uuid NOT NULL REFERENCES school (id),
  parent_id               uuid NOT NULL REFERENCES app_user (id),
  pupil_id                uuid NOT NULL REFERENCES pupil (id),
  relationship            text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 50),
  parental_responsibility boolean NOT NULL DEFAULT true,
  contact_blocked         boolean NOT NULL DEFAULT false,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (parent_id, pupil_id)
);
CREATE INDEX parent_link_pupil_idx ON parent_link (pupil_id);
