package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.HourlyCheck;
import app.tandem.platform.Wiring;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The SEND record capability, wired, with the parent and pupil home views it feeds. */
public final class SendRecord extends Wiring {
    private final CycleService cycles;
    private final RecordService record;

    public SendRecord(Vertx vertx, Pool pool, Access access, Notices notices, Voice voice, Clock clock) {
        RecordRules rules = new RecordRules(access, clock);
        RecordStore store = new RecordStore();
        CycleStore cycleStore = new CycleStore();
        OutcomeStore outcomeStore = new OutcomeStore();
        ProvisionStore provisionStore = new ProvisionStore();
        OutcomeService outcomes = new OutcomeService(pool, store, outcomeStore, rules);
        ProvisionService provision = new ProvisionService(pool, store, provisionStore, outcomes, rules);
        this.cycles = new CycleService(pool, cycleStore, store, outcomes, provision, voice, rules);
        checksHourly(new HourlyCheck(vertx, cycles::alertDue));
        this.record = new RecordService(pool, store, cycleStore, outcomeStore, provisionStore, notices, rules);
        answers(new RecordRoutes(
                        record,
                        outcomes,
                        provision,
                        cycles,
                        new YearSummary(pool, new YearStore(), rules),
                        new HomeViews(pool, new HomeStore(), new HomeCopies(), access, voice, clock))
                .operations());
        holds(RecordStore.subjectData());
    }

    /** The hourly check, on demand: how many pushes it queued. */
    public Future<Integer> alertCycleReviewsDue() {
        return cycles.alertDue();
    }

    /**
     * The local authority issued the pupil's EHC plan: their status becomes `ehc-plan` from that
     * day, logged, inside the caller's transaction (the annual review clock starts from it).
     */
    public Future<Void> planIssued(SqlClient tx, PlanIssued plan) {
        return record.planIssued(tx, plan);
    }

    /** An EHC plan the local authority issued for a pupil: on which day, its review date, by whom recorded. */
    public record PlanIssued(
            UUID schoolId,
            UUID pupilId,
            LocalDate issuedOn,
            LocalDate reviewDue,
            String authority,
            UUID by,
            Instant now) {}
}
