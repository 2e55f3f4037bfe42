-- Demo school for trying Tandem locally. Fixed ids and ON CONFLICT DO NOTHING make it safe to
-- run on every start. Demo only: never load this into a real school's database.
INSERT INTO trust (id, name) VALUES
  ('0d000000-0000-4000-8000-000000000001', 'Riverside Learning Trust')
ON CONFLICT (id) DO NOTHING;

INSERT INTO school (id, trust_id, name, time_zone) VALUES
  ('0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000001', 'Oakfield Primary School', 'Europe/London')
ON CONFLICT (id) DO NOTHING;

INSERT INTO app_user (id, school_id, kind, email, display_name, roles) VALUES
  ('0d000000-0000-4000-8000-000000000101', '0d000000-0000-4000-8000-000000000010', 'staff', 'admin@example.org', 'Pat Greene', '{admin,dsl,dpo}'),
  ('0d000000-0000-4000-8000-000000000102', '0d000000-0000-4000-8000-000000000010', 'staff', 'senco@example.org', 'Ruth Adeyemi', '{senco,teacher}'),
  ('0d000000-0000-4000-8000-000000000103', '0d000000-0000-4000-8000-000000000010', 'staff', 'teacher@example.org', 'Tom Hughes', '{teacher}'),
  ('0d000000-0000-4000-8000-000000000104', '0d000000-0000-4000-8000-000000000010', 'staff', 'teacher2@example.org', 'Priya Shah', '{teacher}'),
  ('0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000010', 'parent', 'parent@example.org', 'Grace Okafor', '{}'),
  ('0d000000-0000-4000-8000-000000000202', '0d000000-0000-4000-8000-000000000010', 'parent', 'parent2@example.org', 'Daniel Whitfield', '{}'),
  ('0d000000-0000-4000-8000-000000000203', '0d000000-0000-4000-8000-000000000010', 'parent', 'blocked@example.org', 'Mark Whitfield', '{}')
ON CONFLICT (id) DO NOTHING;

INSERT INTO school_class (id, school_id, name, year_group) VALUES
  ('0d000000-0000-4000-8000-000000000301', '0d000000-0000-4000-8000-000000000010', '5 Oak', 5),
  ('0d000000-0000-4000-8000-000000000302', '0d000000-0000-4000-8000-000000000010', '2 Willow', 2)
ON CONFLICT (id) DO NOTHING;

INSERT INTO class_teacher (class_id, staff_id) VALUES
  ('0d000000-0000-4000-8000-000000000301', '0d000000-0000-4000-8000-000000000103'),
  ('0d000000-0000-4000-8000-000000000302', '0d000000-0000-4000-8000-000000000104')
ON CONFLICT DO NOTHING;

INSERT INTO pupil (id, school_id, class_id, first_name, last_name, preferred_name, date_of_birth, year_group, external_ref) VALUES
  ('0d000000-0000-4000-8000-000000000401', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000301', 'Amara', 'Okafor', NULL, '2016-03-14', 5, 'DEMO-0401'),
  ('0d000000-0000-4000-8000-000000000402', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000302', 'Samuel', 'Okafor', 'Sam', '2019-06-02', 2, 'DEMO-0402'),
  ('0d000000-0000-4000-8000-000000000403', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000301', 'Leo', 'Whitfield', NULL, '2015-11-23', 5, 'DEMO-0403'),
  ('0d000000-0000-4000-8000-000000000404', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000301', 'Maya', 'Patel', NULL, '2016-01-30', 5, 'DEMO-0404'),
  -- Joined this term with an EHC plan from another school, not yet in a class; nobody has arranged
  -- the plan's annual review, so it is overdue (listAnnualReviewsDue, listOverdueAnnualReviews).
  ('0d000000-0000-4000-8000-000000000405', '0d000000-0000-4000-8000-000000000010', NULL, 'Ellis', 'Morgan', NULL, '2015-02-10', 6, 'DEMO-0405')
ON CONFLICT (id) DO NOTHING;

INSERT INTO parent_link (id, school_id, parent_id, pupil_id, relationship, parental_responsibility, contact_blocked) VALUES
  ('0d000000-0000-4000-8000-000000000501', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000401', 'mother', true, false),
  ('0d000000-0000-4000-8000-000000000502', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000402', 'mother', true, false),
  ('0d000000-0000-4000-8000-000000000503', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000202', '0d000000-0000-4000-8000-000000000403', 'father', true, false),
  -- A court order: this adult is linked on paper but must get nothing about Leo.
  ('0d000000-0000-4000-8000-000000000504', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000203', '0d000000-0000-4000-8000-000000000403', 'father', false, true)
ON CONFLICT (id) DO NOTHING;

-- Amara is on SEN support; Leo and Ellis have EHC plans.
UPDATE pupil SET sen_status = 'sen-support' WHERE id = '0d000000-0000-4000-8000-000000000401' AND sen_status = 'none';
UPDATE pupil SET sen_status = 'ehc-plan' WHERE id = '0d000000-0000-4000-8000-000000000403' AND sen_status = 'none';
UPDATE pupil SET sen_status = 'ehc-plan' WHERE id = '0d000000-0000-4000-8000-000000000405' AND sen_status = 'none';
