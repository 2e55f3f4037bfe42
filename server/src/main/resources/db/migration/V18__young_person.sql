-- The day a pupil becomes a young person: the last Friday in June of the school year (1 September
-- to 31 August) in which they turn 16, the end of compulsory school age. From then decisions about
-- sharing their documents are theirs (ConsentStore.holderRole reads pupil.young_person_from).
CREATE FUNCTION young_person_from(date_of_birth date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT AS $$
  -- The last Friday on or before 30 June of the year the school year ends (ISO Friday is 5).
  SELECT june_30 - ((extract(isodow FROM june_30)::int + 2) % 7)
  FROM (SELECT make_date(
          extract(year FROM sixteenth)::int + CASE WHEN extract(month FROM sixteenth) >= 9 THEN 1 ELSE 0 END, 6, 30) AS june_30
        FROM (SELECT (date_of_birth + interval '16 years')::date AS sixteenth) birthday) school_year
$$;

CREATE FUNCTION pupil_young_person_from() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.young_person_from := young_person_from(NEW.date_of_birth);
  RETURN NEW;
END $$;

CREATE TRIGGER pupil_young_person_from BEFORE INSERT OR UPDATE OF date_of_birth ON pupil
  FOR EACH ROW EXECUTE FUNCTION pupil_young_person_from();

UPDATE pupil SET young_person_from = young_person_from(date_of_birth);
