-- Leo's EHC plan in two versions (the second after his last annual review), his parent's consent
-- for the educational psychologist, and one share under it. The share's link and code are known
-- here (demo only, in the README) so a new user can open it as the recipient would:
--   open /s/DemoShareLinkForLeosEhcPlanOnlyInTheDemo_01 in a browser and enter DEMO-CODE, or
--   GET /v1/shared/DemoShareLinkForLeosEhcPlanOnlyInTheDemo_01 with the header Tandem-Access-Code: DEMO-CODE
INSERT INTO document (id, school_id, pupil_id, kind, title, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000b01', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403', 'ehc-plan', 'Leo''s EHC plan', '0d000000-0000-4000-8000-000000000102', now() - interval '400 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO document_version (id, document_id, school_id, version, media_type, file_name, size_bytes, sha256, content,
                              uploaded_by, uploaded_at)
SELECT v.id::uuid, '0d000000-0000-4000-8000-000000000b01', '0d000000-0000-4000-8000-000000000010', v.version, 'application/pdf', v.file_name,
       length(v.content), sha256(v.content), v.content, '0d000000-0000-4000-8000-000000000102', v.at
FROM (VALUES
  ('0d000000-0000-4000-8000-000000000b11', 1, 'leo-ehc-plan-2025.pdf', convert_to('%PDF-1.4
% Tandem demo document
1 0 obj << /Type /Catalog >> endobj
% EHC plan, first issued
trailer << /Root 1 0 R >>
%%EOF
', 'UTF8'), now() - interval '400 days'),
  ('0d000000-0000-4000-8000-000000000b12', 2, 'leo-ehc-plan-2026.pdf', convert_to('%PDF-1.4
% Tandem demo document
1 0 obj << /Type /Catalog >> endobj
% EHC plan, amended after the annual review
trailer << /Root 1 0 R >>
%%EOF
', 'UTF8'), now() - interval '30 days'))
  AS v (id, version, file_name, content, at)
ON CONFLICT (id) DO NOTHING;

INSERT INTO consent (id, school_id, pupil_id, given_by, given_as, method, purpose, purpose_detail, recipient_name,
                     recipient_organisation, document_kinds, given_at, expires_at) VALUES
  ('0d000000-0000-4000-8000-000000000b21', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403', '0d000000-0000-4000-8000-000000000202', 'parent', 'in-app', 'professional-assessment',
   'Educational psychology assessment before the annual review', 'Dr Sam Lee', 'Northshire Educational Psychology Service',
   '{ehc-plan,professional-advice}', now() - interval '10 days', now() + interval '170 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO document_share (id, school_id, pupil_id, consent_id, parents_may_be_told, purpose, recipient_name,
                            recipient_organisation, recipient_email, version_ids, token_hash, code_hash, expires_at,
                            max_downloads, accepts_advice, created_by, created_at) VALUES
  ('0d000000-0000-4000-8000-000000000b31', '0d000000-0000-4000-8000-000000000010', '0d000000-0000-4000-8000-000000000403', '0d000000-0000-4000-8000-000000000b21', true,
   'professional-assessment', 'Dr Sam Lee', 'Northshire Educational Psychology Service', 'sam.lee@example.org',
   '{0d000000-0000-4000-8000-000000000b12}', decode('e7a7ea8813eb5d9d89cc589a1f289db7eff92819b6b06e7665fe7966f3909a94', 'hex'), decode('f2a2259cbd651b41d8631d1fcfacbd70bfe57d109eb32a48171dd18e243fcc0b', 'hex'),
   now() + interval '14 days', 5, true, '0d000000-0000-4000-8000-000000000102', now() - interval '1 day')
ON CONFLICT (id) DO NOTHING;
