-- A conversation between Amara's parent and her class teacher (the SENCO takes part too), with a
-- few messages, so the demo app opens on something real. The parent has not yet read the last reply.
INSERT INTO conversation (id, school_id, pupil_id, subject, created_by, created_at, last_seq, last_message_at) VALUES
  ('0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000401',
   'Reading at home', '0d000000-0000-4000-8000-000000000201', now() - interval '2 days', 3, now() - interval '1 day')
ON CONFLICT (id) DO NOTHING;

INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at, delivered_seq, read_seq, read_at, unread) VALUES
  ('0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000201', '0d000000-0000-4000-8000-000000000201',
   now() - interval '2 days', 2, 2, now() - interval '1 day 20 hours', 1),
  ('0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000103', '0d000000-0000-4000-8000-000000000201',
   now() - interval '2 days', 3, 3, now() - interval '1 day', 0),
  ('0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000102', '0d000000-0000-4000-8000-000000000201',
   now() - interval '2 days', 3, 1, now() - interval '2 days', 1)
ON CONFLICT DO NOTHING;

INSERT INTO message (id, conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at) VALUES
  ('0d000000-0000-4000-8000-000000000711', '0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000010', 1,
   '0d000000-0000-4000-8000-000000000201', 'demo-711',
   'Hello Mr Hughes, Amara has been finding the reading book hard this week. Is there anything we can try at home?',
   now() - interval '2 days'),
  ('0d000000-0000-4000-8000-000000000712', '0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000010', 2,
   '0d000000-0000-4000-8000-000000000103', 'demo-712',
   'Thank you for telling me. Ten minutes a day with the picture cards works well for her in class. I will send some home on Friday.',
   now() - interval '1 day 22 hours'),
  ('0d000000-0000-4000-8000-000000000713', '0d000000-0000-4000-8000-000000000701', '0d000000-0000-4000-8000-000000000010', 3,
   '0d000000-0000-4000-8000-000000000103', 'demo-713',
   'The cards are in her bag today. Let me know how she gets on.',
   now() - interval '1 day')
ON CONFLICT DO NOTHING;
