-- A recipient who has entered a link's access code in the browser: a short visit, kept by an
-- HttpOnly cookie bound to that one link. Only the cookie's hash is kept; the form token guards the
-- advice upload against cross-site requests. Ended visits are deleted hourly.
CREATE TABLE share_visit (
  cookie_hash bytea PRIMARY KEY,
  share_id    uuid NOT NULL REFERENCES document_share (id) ON DELETE CASCADE,
  form_token  text NOT NULL CHECK (length(form_token) BETWEEN 20 AND 64),
  started_at  timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL
);
CREATE INDEX share_visit_ends_idx ON share_visit (ends_at);
CREATE INDEX share_visit_share_idx ON share_visit (share_id);
