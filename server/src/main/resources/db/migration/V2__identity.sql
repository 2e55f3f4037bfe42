-- Sign-in: passwords, sessions with rotating refresh tokens, invitations, pupil pairing, staff MFA,
-- brute-force throttling, and a log of security events for the school's data protection officer.

ALTER TABLE school ADD COLUMN require_staff_mfa boolean NOT NULL DEFAULT false;

-- PHC-format Argon2id hash; NULL until the person has set a password.
ALTER TABLE app_user ADD COLUMN password_hash text;
-- TOTP secret (Base32) once enrolment is confirmed; pending secrets live on their own until then.
ALTER TABLE app_user ADD COLUMN totp_secret text;
ALTER TABLE app_user ADD COLUMN totp_pending_secret text;

CREATE TABLE mfa_recovery_code (
  user_id    uuid NOT NULL REFERENCES app_user (id),
  code_hash  bytea NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- A signed-in device. Adults have user_id; pupils signed in by pairing have pupil_id.
CREATE TABLE session (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id      uuid NOT NULL REFERENCES school (id),
  user_id        uuid REFERENCES app_user (id),
  pupil_id       uuid REFERENCES pupil (id),
  device_name    text CHECK (length(device_name) <= 100),
  -- 'full', or 'mfa-enrolment' for staff who must enrol before they may do anything else.
  scope          text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'mfa-enrolment')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text,
  CHECK ((user_id IS NULL) <> (pupil_id IS NULL))
);
CREATE INDEX session_user_idx ON session (user_id) WHERE revoked_at IS NULL;
CREATE INDEX session_pupil_idx ON session (pupil_id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored only as SHA-256 hashes. Each is used once; presenting a used one
-- again means it was copied, so the whole session (the token family) is revoked.
CREATE TABLE refresh_token (
  token_hash bytea PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES session (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz
);
CREATE INDEX refresh_token_session_idx ON refresh_token (session_id);

CREATE TABLE invitation (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id    uuid NOT NULL REFERENCES school (id),
  code_hash    bytea NOT NULL UNIQUE,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  email        text CHECK (email = lower(email)),
  created_by   uuid NOT NULL REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  redeemed_at  timestamptz,
  redeemed_by  uuid REFERENCES app_user (id)
);

CREATE TABLE invitation_pupil (
  invitation_id           uuid NOT NULL REFERENCES invitation (id),
  pupil_id                uuid NOT NULL REFERENCES pupil (id),
  relationship            text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 50),
  parental_responsibility boolean NOT NULL,
  PRIMARY KEY (invitation_id, pupil_id)
);

CREATE TABLE pairing_code (
  code_hash   bytea PRIMARY KEY,
  school_id   uuid NOT NULL REFERENCES school (id),
  pupil_id    uuid NOT NULL REFERENCES pupil (id),
  created_by  uuid NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  redeemed_at timestamptz
);

-- Failed attempts per account and per client address, shared by every replica.
CREATE TABLE auth_throttle (
  key          text PRIMARY KEY,
  failures     integer NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

CREATE TABLE security_event (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid REFERENCES school (id),
  user_id   uuid REFERENCES app_user (id),
  pupil_id  uuid REFERENCES pupil (id),
  kind      text NOT NULL,
  detail    jsonb NOT NULL DEFAULT '{}',
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_event_school_idx ON security_event (school_id, at);
