-- A realistic school on top of the demo school, for the benchmark (never for a real database):
-- 2,000 families, each child in one of 60 classes with a teacher, a year of outcomes and progress,
-- a conversation with a year of messages, support and a review cycle. Parents share the demo
-- password (their hash is copied from the demo parent).
\set school '''0d000000-0000-4000-8000-000000000010'''
BEGIN;
INSERT INTO app_user (id, school_id, kind, email, display_name, roles, password_hash)
SELECT ('0b000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, :school, 'staff',
       'bench-teacher-' || c || '@example.org', 'Teacher ' || c, '{teacher}',
       (SELECT password_hash FROM app_user WHERE email = 'teacher@example.org')
FROM generate_series(1, 60) c ON CONFLICT DO NOTHING;
INSERT INTO school_class (id, school_id, name, year_group)
SELECT ('0c000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, :school, 'Bench class ' || c, 1 + c % 6
FROM generate_series(1, 60) c ON CONFLICT DO NOTHING;
INSERT INTO class_teacher (class_id, staff_id)
SELECT ('0c000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, ('0b000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid
FROM generate_series(1, 60) c ON CONFLICT DO NOTHING;
INSERT INTO pupil (id, school_id, class_id, first_name, last_name, date_of_birth, year_group, external_ref, sen_status)
SELECT ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school,
       ('0c000000-0000-4000-8000-' || lpad(to_hex(1 + f % 60), 12, '0'))::uuid,
       'Child' || f, 'Family' || f, date '2016-09-01' + (f % 2000), 1 + f % 6, 'BENCH-' || f,
       CASE WHEN f % 5 = 0 THEN 'ehc-plan' ELSE 'sen-support' END
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
INSERT INTO app_user (id, school_id, kind, email, display_name, roles, password_hash)
SELECT ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school, 'parent',
       'bench-parent-' || f || '@example.org', 'Parent ' || f, '{}',
       (SELECT password_hash FROM app_user WHERE email = 'parent@example.org')
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship)
SELECT :school, ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid,
       ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'mother'
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
-- Four outcomes a child (two open), a rating every fortnight for a year on each.
INSERT INTO outcome (school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on, created_by, created_at, closed_at, result)
SELECT :school, ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'cognition-learning',
       'Outcome ' || o, 'I am learning ' || o, 'goal', '{parent,staff}', current_date - 365, current_date + 60,
       ('0b000000-0000-4000-8000-' || lpad(to_hex(1 + f % 60), 12, '0'))::uuid, now() - interval '365 days',
       CASE WHEN o > 2 THEN now() - interval '30 days' END, CASE WHEN o > 2 THEN 'achieved' END
FROM generate_series(1, 2000) f, generate_series(1, 4) o;
INSERT INTO progress (school_id, outcome_id, rating, recorded_on, recorded_by, created_at)
SELECT :school, o.id, 1 + w % 4, current_date - w * 14, o.created_by, now() - (w * 14) * interval '1 day'
FROM outcome o, generate_series(1, 26) w WHERE o.title LIKE 'Outcome %';
-- A conversation per family with the class teacher: a message a week for a year.
INSERT INTO conversation (id, school_id, pupil_id, subject, created_by, created_at, last_seq, last_message_at)
SELECT ('0f000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school,
       ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'This year',
       ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, now() - interval '365 days', 52, now() - interval '1 day'
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at, delivered_seq, read_seq, unread)
SELECT ('0f000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, u, u, now() - interval '365 days', 52, 50, 2
FROM generate_series(1, 2000) f,
     LATERAL (VALUES (('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid),
                     (('0b000000-0000-4000-8000-' || lpad(to_hex(1 + f % 60), 12, '0'))::uuid)) AS p (u)
ON CONFLICT DO NOTHING;
INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at)
SELECT ('0f000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school, w,
       CASE WHEN w % 2 = 0 THEN ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid
            ELSE ('0b000000-0000-4000-8000-' || lpad(to_hex(1 + f % 60), 12, '0'))::uuid END,
       'bench-' || f || '-' || w, 'How the week went, number ' || w || '.', now() - ((53 - w) * 7) * interval '1 day'
FROM generate_series(1, 2000) f, generate_series(1, 52) w ON CONFLICT DO NOTHING;
COMMIT;
ANALYZE;
-- Each parent has the app on one phone (a session and a push token the bench's FCM stand-in accepts).
BEGIN;
INSERT INTO session (id, school_id, user_id, device_name, created_at, last_used_at, expires_at)
SELECT ('0e200000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school,
       ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'Bench phone', now(), now(), now() + interval '30 days'
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
INSERT INTO device (school_id, user_id, session_id, token, platform, created_at, updated_at)
SELECT :school, ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid,
       ('0e200000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'bench-device-' || f, 'android', now(), now()
FROM generate_series(1, 2000) f ON CONFLICT DO NOTHING;
COMMIT;
-- A review round in which the first 500 families may book one of the SENCO's 30 half hours, 60 days on.
BEGIN;
INSERT INTO review_round (id, school_id, name, booking_opens_at, booking_closes_at, created_by, created_at)
VALUES ('0e300000-0000-4000-8000-000000000001', :school, 'Bench round', now() - interval '1 hour',
        now() + interval '30 days', '0d000000-0000-4000-8000-000000000102', now()) ON CONFLICT DO NOTHING;
INSERT INTO availability (round_id, school_id, staff_id, during, place, place_kind, created_at)
SELECT '0e300000-0000-4000-8000-000000000001', :school, '0d000000-0000-4000-8000-000000000102',
       tstzrange(date_trunc('day', now()) + interval '60 days 8 hours', date_trunc('day', now()) + interval '60 days 23 hours'),
       'SENCO office', 'room', now()
WHERE NOT EXISTS (SELECT 1 FROM availability WHERE round_id = '0e300000-0000-4000-8000-000000000001');
INSERT INTO round_pupil (round_id, pupil_id, school_id, staff_ids)
SELECT '0e300000-0000-4000-8000-000000000001', ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, :school,
       ARRAY['0d000000-0000-4000-8000-000000000102'::uuid]
FROM generate_series(1, 500) f ON CONFLICT DO NOTHING;
COMMIT;
-- A year of weekly views from each child, shared with the family: what a review pack gathers.
BEGIN;
INSERT INTO views_request (id, school_id, pupil_id, batch_id, asked_by, question, formats, scale_points, about,
                           invite_parents, created_at)
SELECT ('0e400000-0000-4000-8000-' || lpad(to_hex(f * 100 + w), 12, '0'))::uuid, :school,
       ('0a000000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, gen_random_uuid(),
       ('0b000000-0000-4000-8000-' || lpad(to_hex(1 + f % 60), 12, '0'))::uuid, 'How was your week?',
       '{scale}', 5, 'general', false, now() - ((53 - w) * 7) * interval '1 day'
FROM generate_series(1, 2000) f, generate_series(1, 52) w ON CONFLICT DO NOTHING;
INSERT INTO pupil_view (school_id, pupil_id, request_id, voice, submitted_by, format, answer, created_at, shared_at, shared_by)
SELECT :school, q.pupil_id, q.id, 'pupil', q.pupil_id, 'scale',
       '{"scale": {"points": 5, "value": 4, "word": "good", "symbolId": "openmoji:1F642"}}',
       q.created_at + interval '1 hour', q.created_at + interval '2 hours', q.asked_by
FROM views_request q WHERE q.id::text LIKE '0e400000-%'
  AND NOT EXISTS (SELECT 1 FROM pupil_view v WHERE v.request_id = q.id);
COMMIT;
ANALYZE views_request;
ANALYZE pupil_view;
