-- identity: a person as a family reads them in a subject access export: "you", a member of staff by
-- name and role, another parent without their name (a separated parent's export never names the
-- other parent), a young person by name. The one place that wording lives.
CREATE FUNCTION person_named(who uuid, reader uuid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN who IS NULL THEN NULL
    WHEN who = reader THEN 'you'
    ELSE coalesce((
      SELECT CASE
               WHEN u.kind = 'parent' THEN 'another parent'
               WHEN u.kind = 'young-person' THEN u.display_name || ' (young person)'
               ELSE u.display_name || ' (' || CASE
                 WHEN 'senco' = ANY (u.roles) THEN 'SENCO'
                 WHEN 'headteacher' = ANY (u.roles) THEN 'headteacher'
                 WHEN 'teacher' = ANY (u.roles) THEN 'teacher'
                 WHEN 'dpo' = ANY (u.roles) THEN 'data protection officer'
                 WHEN 'dsl' = ANY (u.roles) THEN 'safeguarding lead'
                 WHEN 'trust-send-lead' = ANY (u.roles) THEN 'trust SEND lead'
                 WHEN 'admin' = ANY (u.roles) THEN 'school office'
                 ELSE 'school staff' END || ')'
             END
      FROM app_user u WHERE u.id = who OR u.pupil_id = who
      ORDER BY u.id = who DESC LIMIT 1), 'the pupil')
  END
$$;
