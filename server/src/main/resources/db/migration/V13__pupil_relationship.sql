-- How each person stands to each pupil: the one rule for who may see a pupil, owned by the
-- access package (app.tandem.access.Access). Every query that picks pupils, parents or staff by
-- their relationship reads this view; none re-derives it from links, accounts or classes.
--
-- A relationship exists only while the pupil is active and, for adults, while the account is
-- active and belongs to the pupil's school:
--   self           the pupil, on their own paired device
--   parent         a parent or carer whose link is not blocked (court order, safeguarding)
--   class-teacher  a teacher of the pupil's current class
--   school-staff   any other member of staff of the school (what they may do depends on roles)
-- Anyone else has no row, and the API answers 404. Filters on pupil_id or person_id reach each
-- branch's indexes, so one person and one pupil cost a few index lookups.
CREATE VIEW pupil_relationship AS
  SELECT p.id AS pupil_id, p.school_id, p.class_id, p.id AS person_id, 'self'::text AS relationship,
         '{}'::text[] AS roles
  FROM pupil p
  WHERE p.active
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'parent', u.roles
  FROM parent_link l
  JOIN pupil p ON p.id = l.pupil_id
  JOIN app_user u ON u.id = l.parent_id
  WHERE p.active AND u.active AND u.kind = 'parent' AND NOT l.contact_blocked
    AND u.school_id = p.school_id AND l.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'class-teacher', u.roles
  FROM class_teacher t
  JOIN pupil p ON p.class_id = t.class_id
  JOIN app_user u ON u.id = t.staff_id
  WHERE p.active AND u.active AND u.kind = 'staff' AND u.school_id = p.school_id
UNION ALL
  SELECT p.id, p.school_id, p.class_id, u.id, 'school-staff', u.roles
  FROM app_user u
  JOIN pupil p ON p.school_id = u.school_id
  WHERE p.active AND u.active AND u.kind = 'staff'
    AND NOT EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = u.id);

COMMENT ON VIEW pupil_relationship IS
  'How each person stands to each pupil (self, parent, class-teacher, school-staff); the one visibility rule.';
