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

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    @Override
    public List<SubjectData> subjectData() {
        return RecordStore.subjectData();
    }
}
