-- Five years of one family's data, for the subject access export row (never for a real database):
-- family 2000 of bench/seed.sql gets a conversation of ten messages a week, a spoken view a week
-- (about 40 KB of sound each, shared with the family) and four EHC plan documents a year (about
-- a megabyte each). The files are md5 output, which does not compress: the ZIP is as large as they are.
\set school '''0d000000-0000-4000-8000-000000000010'''
\set parent '''0e100000-0000-4000-8000-0000000007d0'''
\set pupil '''0a000000-0000-4000-8000-0000000007d0'''
\set teacher '''0b000000-0000-4000-8000-000000000015'''
BEGIN;
INSERT INTO conversation (id, school_id, pupil_id, subject, created_by, created_at, last_seq, last_message_at)
VALUES ('0f500000-0000-4000-8000-000000000001', :school, :pupil, 'Five years', :parent, now() - interval '1826 days', 2600,
        now() - interval '1 day') ON CONFLICT DO NOTHING;
INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at, delivered_seq, read_seq, unread)
VALUES ('0f500000-0000-4000-8000-000000000001', :parent, :parent, now() - interval '1826 days', 2600, 2600, 0),
       ('0f500000-0000-4000-8000-000000000001', :teacher, :parent, now() - interval '1826 days', 2600, 2600, 0)
ON CONFLICT DO NOTHING;
INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at)
SELECT '0f500000-0000-4000-8000-000000000001', :school, n, CASE WHEN n % 2 = 0 THEN :parent::uuid ELSE :teacher::uuid END,
       'five-years-' || n, 'A note about the day, number ' || n || ', with what went well and what to try next.',
       now() - ((2601 - n) * 17) * interval '1 hour'
FROM generate_series(1, 2600) n ON CONFLICT DO NOTHING;
INSERT INTO voice_media (id, school_id, uploaded_by, media_type, size_bytes, duration_ms, sha256, content, created_at)
SELECT ('0f600000-0000-4000-8000-' || lpad(to_hex(w), 12, '0'))::uuid, :school, :pupil, 'audio/ogg', length(b), 20000,
       sha256(b), b, now() - ((261 - w) * 7) * interval '1 day'
FROM generate_series(1, 260) w,
     LATERAL (SELECT decode(string_agg(md5(w || '-' || i), '' ORDER BY i), 'hex') AS b FROM generate_series(1, 2500) i) sound
ON CONFLICT DO NOTHING;
INSERT INTO views_request (id, school_id, pupil_id, batch_id, asked_by, question, formats, about, invite_parents, created_at)
SELECT ('0f700000-0000-4000-8000-' || lpad(to_hex(w), 12, '0'))::uuid, :school, :pupil, gen_random_uuid(), :teacher,
       'Tell me about your week', '{audio}', 'general', false, now() - ((261 - w) * 7) * interval '1 day'
FROM generate_series(1, 260) w ON CONFLICT DO NOTHING;
INSERT INTO pupil_view (school_id, pupil_id, request_id, voice, submitted_by, format, answer, media_id, created_at,
                        shared_at, shared_by)
SELECT :school, :pupil, ('0f700000-0000-4000-8000-' || lpad(to_hex(w), 12, '0'))::uuid, 'pupil', :pupil, 'audio', '{}',
       ('0f600000-0000-4000-8000-' || lpad(to_hex(w), 12, '0'))::uuid, now() - ((261 - w) * 7) * interval '1 day',
       now() - ((261 - w) * 7) * interval '1 day' + interval '1 hour', :teacher
FROM generate_series(1, 260) w
WHERE NOT EXISTS (SELECT 1 FROM pupil_view v WHERE v.media_id = ('0f600000-0000-4000-8000-' || lpad(to_hex(w), 12, '0'))::uuid);
INSERT INTO document (id, school_id, pupil_id, kind, title, created_by, created_at)
SELECT ('0f800000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, :school, :pupil, 'ehc-plan', 'EHC plan ' || d,
       '0d000000-0000-4000-8000-000000000102', now() - ((21 - d) * 91) * interval '1 day'
FROM generate_series(1, 20) d ON CONFLICT DO NOTHING;
INSERT INTO document_version (document_id, school_id, version, media_type, file_name, size_bytes, sha256, content,
                              uploaded_by, uploaded_at)
SELECT ('0f800000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, :school, 1, 'application/pdf',
       'EHC plan ' || d || '.pdf', length(b), sha256(b), b, '0d000000-0000-4000-8000-000000000102',
       now() - ((21 - d) * 91) * interval '1 day'
FROM generate_series(1, 20) d,
     LATERAL (SELECT decode('25504446', 'hex') || decode(string_agg(md5(d || '/' || i), '' ORDER BY i), 'hex') AS b
              FROM generate_series(1, 62500) i) plan
WHERE NOT EXISTS (SELECT 1 FROM document_version v
                  WHERE v.document_id = ('0f800000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid);
COMMIT;
