-- A trust's worth of phones, for the `trust` row (never for a real database): each of bench/seed.sql's
-- 2,000 parents signs in on nine more phones, so a whole-school notice goes to 20,000 phones.
\set school '''0d000000-0000-4000-8000-000000000010'''
BEGIN;
INSERT INTO session (id, school_id, user_id, device_name, created_at, last_used_at, expires_at)
SELECT ('0e210000-0000-4000-' || lpad(to_hex(k), 4, '0') || '-' || lpad(to_hex(f), 12, '0'))::uuid, :school,
       ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid, 'Bench phone ' || k, now(), now(),
       now() + interval '30 days'
FROM generate_series(1, 2000) f, generate_series(1, 9) k ON CONFLICT DO NOTHING;
INSERT INTO device (school_id, user_id, session_id, token, platform, created_at, updated_at)
SELECT :school, ('0e100000-0000-4000-8000-' || lpad(to_hex(f), 12, '0'))::uuid,
       ('0e210000-0000-4000-' || lpad(to_hex(k), 4, '0') || '-' || lpad(to_hex(f), 12, '0'))::uuid,
       'bench-device-' || f || '-' || k, CASE WHEN k % 2 = 0 THEN 'ios' ELSE 'android' END, now(), now()
FROM generate_series(1, 2000) f, generate_series(1, 9) k ON CONFLICT DO NOTHING;
COMMIT;
