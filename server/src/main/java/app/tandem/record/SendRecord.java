package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import app.tandem.voice.Voice;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The SEND record capability, wired, with the parent and pupil home views it feeds. */
public final class SendRecord implements Capability {
    private final RecordRoutes routes;

    public SendRecord(Pool pool, Access access, Notices notices, Voice voice, Clock clock) {
        RecordRules rules = new RecordRules(access, clock);
        RecordStore store = new RecordStore();
        OutcomeStore outcomeStore = new OutcomeStore();
        ProvisionStore provisionStore = new ProvisionStore();
        OutcomeService outcomes = new OutcomeService(pool, store, outcomeStore, rules);
        ProvisionService provision = new ProvisionService(pool, store, provisionStore, outcomes, rules);
        this.routes = new RecordRoutes(
                new RecordService(pool, store, outcomeStore, provisionStore, outcomes, provision, notices, rules),
                outcomes,
                provision,
                new HomeViews(pool, new HomeStore(), access, voice, clock));
    }

    /** The pupil's record as the family may see it: never staff-only ratings, whose number is told. */
    @Override
    public List<SubjectData> subjectData() {
        return List.of(
                new SubjectData.Part(
                        "send-record.json",
                        "senStatusHistory",
                        true,
                        "(SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.changed_at), '[]') FROM sen_status_change c WHERE c.pupil_id = $2)"),
                new SubjectData.Part(
                        "send-record.json",
                        "needs",
                        true,
                        "(SELECT coalesce(jsonb_agg(to_jsonb(n) ORDER BY n.created_at), '[]') FROM need n WHERE n.pupil_id = $2)"),
                SubjectData.Part.pupil(
                        "outcomes-and-progress.json",
                        """
        (SELECT coalesce(jsonb_agg(to_jsonb(o) || jsonb_build_object('progress',
                  (SELECT coalesce(jsonb_agg(to_jsonb(g) ORDER BY g.recorded_on), '[]') FROM progress g
                   WHERE g.outcome_id = o.id AND NOT g.staff_only)) ORDER BY o.created_at), '[]')
         FROM outcome o WHERE o.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "provision.json",
                        "(SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.starts_on), '[]') FROM provision v WHERE v.pupil_id = $2)"),
                new SubjectData.Withheld(
                        "progress ratings staff kept to themselves",
                        "recorded as staff-only working notes",
                        "(SELECT count(*) FROM progress g JOIN outcome o ON o.id = g.outcome_id WHERE o.pupil_id = $2 AND g.staff_only)"));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }
}
