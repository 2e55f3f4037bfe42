-- A second school of the demo trust (demo only). Grace Okafor (parent@example.org) also has Kofi at
-- Riverside Academy: one account, three children, two schools. She joined Riverside with its
-- invitation (recorded here as redeemed). The trust's SEND lead works at Oakfield and reads both
-- schools' SEN registers.
INSERT INTO school (id, trust_id, name, time_zone) VALUES
  ('0d000000-0000-4000-8000-000000000011', '0d000000-0000-4000-8000-000000000001', 'Riverside Academy', 'Europe/London')
ON CONFLICT (id) DO NOTHING;

INSERT INTO app_user (id, school_id, kind, email, display_name, roles) VALUES
  ('0d000000-0000-4000-8000-000000000111', '0d000000-0000-4000-8000-000000000011', 'staff', 'riverside.senco@example.org', 'Joe Barnes', '{senco,admin,dpo}'),
  ('0d000000-0000-4000-8000-000000000105', '0d000000-0000-4000-8000-000000000010', 'staff', 'lead@example.org', 'Mira Kaur', '{teacher,trust-send-lead}')
ON CONFLICT (id) DO NOTHING;

INSERT INTO pupil (id, school_id, class_id, first_name, last_name, preferred_name, date_of_birth, year_group, external_ref) VALUES
  ('0d000000-0000-4000-8000-000000000406', '0d000000-0000-4000-8000-000000000011', NULL, 'Kofi', 'Okafor', NULL, '2013-09-20', 8, 'DEMO-R406')
ON CONFLICT (id) DO NOTHING;
UPDATE pupil SET sen_status = 'sen-support' WHERE id = '0d000000-0000-4000-8000-000000000406' AND sen_status = 'none';

INSERT INTO parent_link (id, school_id, parent_id, pupil_id, relationship, parental_responsibility, contact_blocked) VALUES
  ('0d000000-0000-4000-8000-000000000505', '0d000000-0000-4000-8000-000000000011', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000406', 'mother', true, false)
ON CONFLICT (id) DO NOTHING;

INSERT INTO invitation (id, school_id, code_hash, display_name, email, expires_at, redeemed_at, redeemed_by) VALUES
  ('0d000000-0000-4000-8000-000000000e01', '0d000000-0000-4000-8000-000000000011', sha256('demo: Grace joined Riverside'::bytea),
   'Grace Okafor', 'parent@example.org', now() - interval '20 days', now() - interval '25 days', '0d000000-0000-4000-8000-000000000201')
ON CONFLICT (id) DO NOTHING;
