package app.tandem.platform;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The usual shape of a capability, set once in its constructor: the operations it answers, its part
 * of a subject access export, its housekeeping chores and an hourly check it runs. A capability with
 * more to do (pages, timers, SDKs) overrides the rest of {@link Capability}.
 */
public abstract class Wiring implements Capability {
    private Map<String, Operation> operations = Map.of();
    private List<SubjectData> subjectData = List.of();
    private List<Housekeeping.Chore> chores = List.of();
    private HourlyCheck hourly;

    protected final void answers(Map<String, Operation> operations) {
        this.operations = operations;
    }

    protected final void holds(List<SubjectData> subjectData) {
        this.subjectData = subjectData;
    }

    protected final void tidies(List<Housekeeping.Chore> chores) {
        this.chores = chores;
    }

    protected final void checksHourly(HourlyCheck check) {
        this.hourly = check;
    }

    @Override
    public final Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public final List<SubjectData> subjectData() {
        return subjectData;
    }

    @Override
    public final List<Housekeeping.Chore> chores() {
        return chores;
    }

    @Override
    public Future<Void> start() {
        return hourly == null ? Future.succeededFuture() : hourly.start();
    }

    @Override
    public Future<Void> stop() {
        return hourly == null ? Future.succeededFuture() : hourly.stop();
    }
}
