-- record: the parent home's version, one number per parent, raised in the same transaction as any
-- change to what their home shows. A replica keeps each parent's home and serves it while the
-- number is unchanged: one indexed lookup instead of the home's query, never a stale answer (the
-- change and the new number commit together, so any read after the commit sees both).
CREATE TABLE home_version (
  parent_id  uuid PRIMARY KEY,
  version    bigint NOT NULL DEFAULT 1
);

-- Raises each parent's number once, in id order (two transactions that touch the same parents take
-- their row locks in the same order, so they wait for each other instead of deadlocking). Staff
-- have no parent home: a message to a teacher writes nothing here (a lookup, not a write).
CREATE FUNCTION home_touch(parents uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO home_version (parent_id)
  SELECT DISTINCT p FROM unnest(parents) AS p
  WHERE EXISTS (SELECT 1 FROM app_user u WHERE u.id = p AND u.kind = 'parent') ORDER BY p
  ON CONFLICT (parent_id) DO UPDATE SET version = home_version.version + 1
$$;

-- A statement-level trigger (once per statement, however many rows: a whole-school notice is one)
-- for the owners of what the home shows. Its argument says what the changed rows name, `kind:column`:
-- a person (their own home), a pupil (their parents'), an outcome, a notice, or a school (every
-- parent there). The rows are the statement's transition table, `changed`.
CREATE FUNCTION home_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := split_part(TG_ARGV[0], ':', 1);
  ids  uuid[];
BEGIN
  EXECUTE format('SELECT array_agg(DISTINCT %I) FROM changed', split_part(TG_ARGV[0], ':', 2)) INTO ids;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM home_touch(CASE kind
    WHEN 'person' THEN ids
    WHEN 'pupil' THEN ARRAY(SELECT parent_id FROM parent_of WHERE pupil_id = ANY (ids))
    WHEN 'outcome' THEN ARRAY(SELECT l.parent_id FROM outcome o JOIN parent_of l ON l.pupil_id = o.pupil_id
                              WHERE o.id = ANY (ids))
    WHEN 'notice' THEN ARRAY(SELECT parent_id FROM notice_recipient WHERE notice_id = ANY (ids))
    WHEN 'school' THEN ARRAY(SELECT parent_id FROM parent_of WHERE school_id = ANY (ids))
  END);
  RETURN NULL;
END
$$;

-- The same for one updated row whose shown columns changed (a row trigger: an update trigger with
-- a transition table cannot name columns, and these change one row at a time).
CREATE FUNCTION home_changed_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := split_part(TG_ARGV[0], ':', 1);
  id   uuid;
BEGIN
  EXECUTE format('SELECT ($1).%I', split_part(TG_ARGV[0], ':', 2)) USING NEW INTO id;
  PERFORM home_touch(CASE kind
    WHEN 'person' THEN ARRAY[id]
    WHEN 'notice' THEN ARRAY(SELECT parent_id FROM notice_recipient WHERE notice_id = id)
    WHEN 'school' THEN ARRAY(SELECT parent_id FROM parent_of WHERE school_id = id)
  END);
  RETURN NULL;
END
$$;

-- Each owner's tables that the home reads, with the columns whose change it shows.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      -- record
      ('outcome', 'pupil:pupil_id', NULL),
      ('progress', 'outcome:outcome_id', NULL),
      ('provision', 'pupil:pupil_id', NULL),
      ('review_cycle', 'pupil:pupil_id', NULL),
      -- meetings
      ('meeting', 'pupil:pupil_id', NULL),
      -- messaging: only the unread count shows (delivery receipts do not)
      ('conversation_participant', 'person:user_id', 'unread'),
      -- notices: only an acknowledgement or a withdrawal shows
      ('notice_recipient', 'person:parent_id', 'acknowledged_at'),
      ('notice', 'notice:id', 'withdrawn_at, requires_ack'),
      -- directory: the pupil, the link, the school and who may read the record
      ('pupil', 'pupil:id', NULL),
      ('parent_link', 'person:parent_id', NULL),
      ('school', 'school:id', 'name'),
      ('parents_reading_withheld', 'pupil:pupil_id', NULL),
      -- identity: an account stopped, a second school joined
      ('app_user', 'person:id', 'active, kind'),
      ('invitation', 'person:redeemed_by', 'redeemed_by'),
      -- disagreement: where to turn
      ('where_to_turn', 'school:school_id', NULL)
    ) AS v (tab, arg, cols)
  LOOP
    IF t.cols IS NULL THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                      FOR EACH STATEMENT EXECUTE FUNCTION home_changed(%L)', t.tab || '_home_insert', t.tab, t.arg);
      EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
                      FOR EACH STATEMENT EXECUTE FUNCTION home_changed(%L)', t.tab || '_home_delete', t.tab, t.arg);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
                      FOR EACH STATEMENT EXECUTE FUNCTION home_changed(%L)', t.tab || '_home_update', t.tab, t.arg);
    ELSE
      -- Inserts of these rows (a new notice's recipients, a new participant) show too.
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                      FOR EACH STATEMENT EXECUTE FUNCTION home_changed(%L)', t.tab || '_home_insert', t.tab, t.arg);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OF %s ON %I FOR EACH ROW WHEN (%s)
                      EXECUTE FUNCTION home_changed_row(%L)', t.tab || '_home_update', t.cols, t.tab,
                     (SELECT string_agg(format('OLD.%1$I IS DISTINCT FROM NEW.%1$I', trim(c)), ' OR ')
                      FROM unnest(string_to_array(t.cols, ',')) AS c), t.arg);
    END IF;
  END LOOP;
END
$$;
