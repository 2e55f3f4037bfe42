-- A formal notice that reached no one on the app still has to reach the family: the school posts
-- it and records when (listPaperNotices, markPaperNoticePosted).
ALTER TABLE notice ADD COLUMN posted_on date, ADD COLUMN posted_by uuid REFERENCES app_user (id),
  ADD CONSTRAINT notice_posted_check CHECK ((posted_on IS NULL) = (posted_by IS NULL) AND (posted_on IS NULL OR kind = 'formal'));
