-- Before a plan, and when families disagree (demo only). Sam's school asked the local authority for
-- an EHC needs assessment three weeks ago; the LA has asked the school for information (due in four
-- weeks) and not decided yet. Leo's amended plan came back as a draft three days ago: his father has
-- 12 days left to give his views (submitDraftPlanViews).
INSERT INTO where_to_turn (school_id, sen_information_report_url, local_offer_url, sendiass_name, sendiass_phone,
                           sendiass_url, response_school_days, updated_at) VALUES
  ('0d000000-0000-4000-8000-000000000010', 'https://oakfield.example.org/send/information-report',
   'https://northshire.example.org/local-offer', 'Northshire SENDIASS', '01632 960 123',
   'https://northshire.example.org/sendiass', 10, now())
ON CONFLICT (school_id) DO NOTHING;

INSERT INTO assessment_request (id, school_id, pupil_id, reassessment, requested_by, local_authority, reason, state,
                                sent_on, information_requested_on, information_due_on, created_by, created_at, updated_at) VALUES
  ('0d000000-0000-4000-8000-000000000c01', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000402',
   false, 'school', 'Northshire County Council',
   'Sam has had speech and language support for a year and is still finding it very hard to be understood and to follow instructions in class.',
   'information-requested', current_date - 21, current_date - 14, current_date + 28,
   '0d000000-0000-4000-8000-000000000102', now() - interval '30 days', now() - interval '14 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO assessment_step (id, request_id, step, on_day, recorded_by, recorded_at) VALUES
  ('0d000000-0000-4000-8000-000000000c11', '0d000000-0000-4000-8000-000000000c01', 'started', current_date - 30,
   '0d000000-0000-4000-8000-000000000102', now() - interval '30 days'),
  ('0d000000-0000-4000-8000-000000000c12', '0d000000-0000-4000-8000-000000000c01', 'sent', current_date - 21,
   '0d000000-0000-4000-8000-000000000102', now() - interval '21 days'),
  ('0d000000-0000-4000-8000-000000000c13', '0d000000-0000-4000-8000-000000000c01', 'information-requested', current_date - 14,
   '0d000000-0000-4000-8000-000000000102', now() - interval '14 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO document (id, school_id, pupil_id, kind, title, sent_to_parents_at, views_due_on, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000b05', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403',
   'draft-ehc-plan', 'Leo''s amended EHC plan (draft)', now() - interval '3 days', current_date + 12,
   '0d000000-0000-4000-8000-000000000102', now() - interval '3 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO document_version (id, document_id, school_id, version, media_type, file_name, size_bytes, sha256, content,
                              uploaded_by, uploaded_at)
SELECT '0d000000-0000-4000-8000-000000000b15', '0d000000-0000-4000-8000-000000000b05', '0d000000-0000-4000-8000-000000000010', 1,
       'application/pdf', 'leo-ehc-plan-draft.pdf', length(c), sha256(c), c, '0d000000-0000-4000-8000-000000000102', now() - interval '3 days'
FROM (SELECT convert_to('%PDF-1.4
% Tandem demo document
1 0 obj << /Type /Catalog >> endobj
% EHC plan, amended draft for the family''s views
trailer << /Root 1 0 R >>
%%EOF
', 'UTF8') AS c) v
ON CONFLICT (id) DO NOTHING;
