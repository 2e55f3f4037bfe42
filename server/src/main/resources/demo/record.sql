-- The demo pupils' SEND records, so the home screens show something real: Amara on SEN support
-- with two current outcomes (one achieved earlier), support with a delivery log, a closed cycle and
-- an open one whose review is due in ten days; Leo with an EHC plan whose annual review is due within 12 weeks; Ellis with a plan
-- whose review is overdue and not arranged.
INSERT INTO sen_status_change (id, school_id, pupil_id, status, plan_issued_on, plan_review_due, local_authority, note, changed_by, changed_at) VALUES
  ('0d000000-0000-4000-8000-000000000851', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'sen-support', NULL, NULL, NULL, 'Agreed with Amara''s parents after the autumn review.', '0d000000-0000-4000-8000-000000000102', now() - interval '120 days'),
  ('0d000000-0000-4000-8000-000000000852', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403',
   'ehc-plan', current_date - 300, current_date + 65, 'Northshire County Council', NULL, '0d000000-0000-4000-8000-000000000102', now() - interval '300 days'),
  ('0d000000-0000-4000-8000-000000000853', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000405',
   'ehc-plan', current_date - 400, NULL, 'Westmoor Borough Council', 'Plan issued by Westmoor before Ellis joined us.', '0d000000-0000-4000-8000-000000000102', now() - interval '30 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO need (id, school_id, pupil_id, area, description, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000861', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'communication-interaction', 'Finds it hard to wait and take turns in groups.', '0d000000-0000-4000-8000-000000000102', now() - interval '120 days'),
  ('0d000000-0000-4000-8000-000000000862', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'cognition-learning', 'Reading is behind; pictures help her a lot.', '0d000000-0000-4000-8000-000000000102', now() - interval '120 days'),
  ('0d000000-0000-4000-8000-000000000863', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403',
   'social-emotional-mental-health', 'Can feel worried at busy times of the day.', '0d000000-0000-4000-8000-000000000102', now() - interval '200 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO outcome (id, school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on, created_by, created_at,
                     closed_at, closed_by, result, closing_note) VALUES
  ('0d000000-0000-4000-8000-000000000801', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'communication-interaction', 'Take turns in a small group game', 'I am learning to take turns', 'take-turns',
   '{parent,pupil,staff}', current_date - 60, current_date + 40, '0d000000-0000-4000-8000-000000000103', now() - interval '60 days', NULL, NULL, NULL, NULL),
  ('0d000000-0000-4000-8000-000000000802', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'cognition-learning', 'Read a short book with picture support', 'I am learning to read short books', 'reading',
   '{parent,staff}', current_date - 60, current_date + 40, '0d000000-0000-4000-8000-000000000103', now() - interval '60 days', NULL, NULL, NULL, NULL),
  ('0d000000-0000-4000-8000-000000000803', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'sensory-physical', 'Put on her coat by herself', 'I can put my coat on', 'coat',
   '{parent,pupil,staff}', current_date - 120, current_date - 60, '0d000000-0000-4000-8000-000000000103', now() - interval '120 days',
   now() - interval '61 days', '0d000000-0000-4000-8000-000000000103', 'achieved', 'Amara does this every day now.'),
  ('0d000000-0000-4000-8000-000000000804', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403',
   'social-emotional-mental-health', 'Ask an adult for help when worried', 'I am learning to ask for help', 'ask-for-help',
   '{parent,pupil,staff}', current_date - 90, current_date + 75, '0d000000-0000-4000-8000-000000000102', now() - interval '90 days', NULL, NULL, NULL, NULL)
ON CONFLICT (id) DO NOTHING;

INSERT INTO progress (id, school_id, outcome_id, rating, note, staff_only, recorded_on, recorded_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000831', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000801',
   1, 'Found waiting very hard.', false, current_date - 50, '0d000000-0000-4000-8000-000000000103', now() - interval '50 days'),
  ('0d000000-0000-4000-8000-000000000832', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000801',
   2, 'Waited for her go with a visual timer.', false, current_date - 30, '0d000000-0000-4000-8000-000000000103', now() - interval '30 days'),
  ('0d000000-0000-4000-8000-000000000833', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000801',
   3, 'Took turns in a game of four without a prompt.', false, current_date - 7, '0d000000-0000-4000-8000-000000000103', now() - interval '7 days'),
  ('0d000000-0000-4000-8000-000000000834', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000801',
   2, 'Harder on days after PE; worth watching.', true, current_date - 6, '0d000000-0000-4000-8000-000000000102', now() - interval '6 days'),
  ('0d000000-0000-4000-8000-000000000835', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000802',
   2, 'Reads simple words with picture cards.', false, current_date - 20, '0d000000-0000-4000-8000-000000000103', now() - interval '20 days'),
  ('0d000000-0000-4000-8000-000000000836', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000804',
   2, 'Came to an adult twice this week.', false, current_date - 10, '0d000000-0000-4000-8000-000000000102', now() - interval '10 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO provision (id, school_id, pupil_id, name, description, pupil_description, frequency, delivered_by, starts_on, ends_on,
                       created_by, created_at, sessions_planned, sessions_delivered) VALUES
  ('0d000000-0000-4000-8000-000000000811', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'Picture card reading', 'Ten minutes of reading with picture cards, one to one.', 'Picture cards help me read.',
   'Three times a week', 'Mrs Khan (teaching assistant)', current_date - 42, NULL, '0d000000-0000-4000-8000-000000000102',
   now() - interval '42 days', 6, 5),
  ('0d000000-0000-4000-8000-000000000812', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'Turn-taking group', 'A small group game with a visual timer.', 'I play games with a timer to help me wait.',
   'Twice a week', 'Mr Hughes', current_date - 42, NULL, '0d000000-0000-4000-8000-000000000102', now() - interval '42 days', 0, 0),
  ('0d000000-0000-4000-8000-000000000813', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403',
   'Quiet start to the day', 'A calm ten minutes in the library before the class comes in.', 'I start my day somewhere quiet.',
   'Every morning', 'Mrs Adeyemi', current_date - 90, NULL, '0d000000-0000-4000-8000-000000000102', now() - interval '90 days', 0, 0)
ON CONFLICT (id) DO NOTHING;

INSERT INTO provision_outcome (provision_id, outcome_id) VALUES
  ('0d000000-0000-4000-8000-000000000811', '0d000000-0000-4000-8000-000000000802'),
  ('0d000000-0000-4000-8000-000000000812', '0d000000-0000-4000-8000-000000000801'),
  ('0d000000-0000-4000-8000-000000000813', '0d000000-0000-4000-8000-000000000804')
ON CONFLICT DO NOTHING;

INSERT INTO provision_session (provision_id, held_on, delivered, note, recorded_by, created_at)
SELECT '0d000000-0000-4000-8000-000000000811', current_date - 14 + d, d <> 4, CASE WHEN d = 4 THEN 'Mrs Khan was covering a class.' END,
       '0d000000-0000-4000-8000-000000000103', now() - (14 - d) * interval '1 day'
FROM generate_series(1, 6) d
ON CONFLICT DO NOTHING;

INSERT INTO review_cycle (id, school_id, pupil_id, opened_on, review_on, opened_by, closed_at, closed_by, review_record, outcome_ids, provision_ids) VALUES
  ('0d000000-0000-4000-8000-000000000821', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   current_date - 120, current_date - 61, '0d000000-0000-4000-8000-000000000102', now() - interval '61 days',
   '0d000000-0000-4000-8000-000000000102',
   'Amara now puts her coat on by herself. We agreed to work on taking turns and reading next, with picture cards at home too.',
   '{0d000000-0000-4000-8000-000000000803}', '{}'),
  ('0d000000-0000-4000-8000-000000000822', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   current_date - 60, current_date + 10, '0d000000-0000-4000-8000-000000000102', NULL, NULL, NULL,
   '{0d000000-0000-4000-8000-000000000801,0d000000-0000-4000-8000-000000000802}',
   '{0d000000-0000-4000-8000-000000000811,0d000000-0000-4000-8000-000000000812}')
ON CONFLICT (id) DO NOTHING;

-- The demo school's terms this school year and the next autumn, so a cycle opened without a date
-- is reviewed at its term's end.
INSERT INTO school_term (school_id, name, starts_on, ends_on)
SELECT '0d000000-0000-4000-8000-000000000010', t.name || ' ' || (yr.y + t.sy), make_date(yr.y + t.sy, t.sm, t.sd),
       make_date(yr.y + t.ey, t.em, t.ed)
FROM (SELECT extract(year FROM current_date - interval '8 months')::int AS y) yr,
     (VALUES ('Autumn term', 0, 9, 3, 0, 12, 18), ('Spring term', 1, 1, 5, 1, 3, 27),
             ('Summer term', 1, 4, 13, 1, 7, 22), ('Autumn term', 1, 9, 2, 1, 12, 17)) t (name, sy, sm, sd, ey, em, ed)
ON CONFLICT DO NOTHING;
