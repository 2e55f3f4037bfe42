package app.tandem.platform;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * What every part of Tandem shows the application: the contract operations it answers, what it
 * deletes when no longer needed, and how it starts and stops its background work (timers,
 * listeners, SDKs). The application starts capabilities in dependency order once all are wired,
 * and stops them in reverse; adding one is one line there.
 */
public interface Capability {
    /** Its contract operations by operationId; the router checks them against the contract. None by default. */
    default Map<String, Operation> operations() {
        return Map.of();
    }

    /** Its web pages, for people without the app, on the pages' router ({@link WebPages}). */
    default void pages(io.vertx.ext.web.Router router, WebPages pages) {}

    /** Its part of a subject access export: the person's and the pupil's data it holds. */
    default List<SubjectData> subjectData() {
        return List.of();
    }

    /** Its housekeeping chores, run hourly by {@link Housekeeping}. */
    default List<Housekeeping.Chore> chores() {
        return List.of();
    }

    /** Starts its background work; called after every capability is built. */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Stops its background work; called in the reverse order of {@link #start}. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }
}
