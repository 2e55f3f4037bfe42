-- Two notices so the demo parents have something to read: a trip letter that asks for a yes/no
-- reply, and the formal notice that Amara now receives SEN support (CoP 6.43).
INSERT INTO notice (id, school_id, kind, title, body, audience, requires_ack, reply, ack_deadline, urgent,
                    send_at, sent_at, pupil_id, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000601', '0d000000-0000-4000-8000-000000000010', 'general',
   '5 Oak trip to the city farm',
   'Dear families,

5 Oak are visiting the city farm next Thursday. We will be back by 3pm.

Please tell us whether your child may come.',
   '{"type": "classes", "ids": ["0d000000-0000-4000-8000-000000000301"]}', true, 'yesNo', now() + interval '14 days', false,
   now(), now(), NULL, '0d000000-0000-4000-8000-000000000103', now()),
  ('0d000000-0000-4000-8000-000000000602', '0d000000-0000-4000-8000-000000000010', 'formal',
   'Amara is now receiving SEN support',
   'We have agreed with you that Amara will receive SEN support. We will meet three times a year to agree her outcomes and review how the support is going.',
   '{"type": "pupils", "ids": ["0d000000-0000-4000-8000-000000000401"]}', true, 'none', NULL, false,
   now(), now(), '0d000000-0000-4000-8000-000000000401', '0d000000-0000-4000-8000-000000000102', now())
ON CONFLICT (id) DO NOTHING;

INSERT INTO notice_recipient (notice_id, parent_id, school_id, pupil_ids, delivered_at) VALUES
  ('0d000000-0000-4000-8000-000000000601', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000010',
   '{0d000000-0000-4000-8000-000000000401}', now()),
  ('0d000000-0000-4000-8000-000000000601', '0d000000-0000-4000-8000-000000000202', '0d000000-0000-4000-8000-000000000010',
   '{0d000000-0000-4000-8000-000000000403}', now()),
  ('0d000000-0000-4000-8000-000000000602', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000010',
   '{0d000000-0000-4000-8000-000000000401}', now())
ON CONFLICT DO NOTHING;
