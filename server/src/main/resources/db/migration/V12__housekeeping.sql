-- Housekeeping finds what has stopped mattering by when it ended; these indexes let each hourly
-- batch read only those rows, however large the tables grow.
CREATE INDEX session_ended_idx ON session ((least(coalesce(revoked_at, expires_at), expires_at)));
CREATE INDEX notification_outbox_settled_idx ON notification_outbox ((coalesce(sent_at, given_up_at)));
