-- An open review round for 5 Oak, so a demo parent can book: the class teacher and the SENCO are
-- free for two afternoons next week (Europe/London), with a break on the first.
INSERT INTO review_round (id, school_id, name, slot_minutes, booking_opens_at, booking_closes_at, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000901', '0d000000-0000-4000-8000-000000000010', 'Spring term reviews', 30,
   now() - interval '1 day', now() + interval '6 days', '0d000000-0000-4000-8000-000000000102', now() - interval '1 day')
ON CONFLICT (id) DO NOTHING;

INSERT INTO availability (id, round_id, school_id, staff_id, during, place, place_kind, created_at)
SELECT v.id::uuid, '0d000000-0000-4000-8000-000000000901', '0d000000-0000-4000-8000-000000000010', v.staff::uuid,
       tstzrange(((current_date + v.day) + v.starts) AT TIME ZONE 'Europe/London', ((current_date + v.day) + v.ends) AT TIME ZONE 'Europe/London', '[)'),
       'Room 5', 'room', now()
FROM (VALUES
  ('0d000000-0000-4000-8000-000000000911', '0d000000-0000-4000-8000-000000000103', 7, time '15:30', time '16:30'),
  ('0d000000-0000-4000-8000-000000000912', '0d000000-0000-4000-8000-000000000103', 7, time '16:45', time '18:00'),
  ('0d000000-0000-4000-8000-000000000913', '0d000000-0000-4000-8000-000000000103', 8, time '15:30', time '18:00'),
  ('0d000000-0000-4000-8000-000000000914', '0d000000-0000-4000-8000-000000000102', 7, time '15:00', time '18:00'),
  ('0d000000-0000-4000-8000-000000000915', '0d000000-0000-4000-8000-000000000102', 8, time '15:00', time '18:00')) AS v (id, staff, day, starts, ends)
ON CONFLICT (id) DO NOTHING;

INSERT INTO round_pupil (round_id, pupil_id, school_id, staff_ids) VALUES
  ('0d000000-0000-4000-8000-000000000901', '0d000000-0000-4000-8000-000000000401', '0d000000-0000-4000-8000-000000000010',
   '{0d000000-0000-4000-8000-000000000103,0d000000-0000-4000-8000-000000000102}'),
  ('0d000000-0000-4000-8000-000000000901', '0d000000-0000-4000-8000-000000000403', '0d000000-0000-4000-8000-000000000010',
   '{0d000000-0000-4000-8000-000000000103,0d000000-0000-4000-8000-000000000102}')
ON CONFLICT DO NOTHING;
