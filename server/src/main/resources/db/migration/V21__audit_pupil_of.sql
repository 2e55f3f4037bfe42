-- Which pupil an audited request concerned, when its path names a record of theirs rather than the
-- pupil. Kept in a function so that the audit insert, run before every audited request, stays a
-- plain statement PostgreSQL plans once: written inline, its ten lookups made the planner build a
-- fresh plan for every batch (about 1.5 ms each, longer than the insert itself). Here each lookup is
-- planned once per connection, and only the one the parameter names runs.
CREATE FUNCTION audit_pupil_of(named_by text, subject_id uuid) RETURNS uuid
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  CASE named_by
    WHEN 'viewId' THEN RETURN (SELECT pupil_id FROM pupil_view WHERE id = audit_pupil_of.subject_id);
    WHEN 'requestId' THEN RETURN (SELECT pupil_id FROM views_request WHERE id = audit_pupil_of.subject_id);
    WHEN 'documentId' THEN RETURN (SELECT pupil_id FROM document WHERE id = audit_pupil_of.subject_id);
    WHEN 'consentId' THEN RETURN (SELECT pupil_id FROM consent WHERE id = audit_pupil_of.subject_id);
    WHEN 'shareId' THEN RETURN (SELECT pupil_id FROM document_share WHERE id = audit_pupil_of.subject_id);
    WHEN 'reviewId' THEN RETURN (SELECT pupil_id FROM annual_review WHERE id = audit_pupil_of.subject_id);
    WHEN 'messageId' THEN
      RETURN (SELECT c.pupil_id FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = audit_pupil_of.subject_id);
    WHEN 'concernId' THEN
      RETURN (SELECT coalesce(pv.pupil_id, c.pupil_id) FROM concern k
                LEFT JOIN pupil_view pv ON pv.id = k.pupil_view_id LEFT JOIN message m ON m.id = k.message_id
                LEFT JOIN conversation c ON c.id = m.conversation_id WHERE k.id = audit_pupil_of.subject_id);
    WHEN 'mediaId' THEN
      RETURN coalesce((SELECT pupil_id FROM pupil_view WHERE media_id = audit_pupil_of.subject_id),
                      (SELECT pupil_id FROM views_request WHERE question_audio_id = audit_pupil_of.subject_id LIMIT 1));
    ELSE RETURN NULL;
  END CASE;
END $$;
