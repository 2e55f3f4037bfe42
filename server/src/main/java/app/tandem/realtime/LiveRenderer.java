package app.tandem.realtime;

import app.tandem.platform.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What turns live events into the frames a device receives: the capability that owns the events
 * (messaging) loads what a batch refers to at once, then renders each event as a given person may
 * see it, and records which of its events reached which people.
 */
public interface LiveRenderer {
    Future<BiFunction<LiveEvent, Caller, JsonObject>> load(List<LiveEvent> events);

    /** These events reached a device of these people (event, person pairs in the same order). */
    Future<Void> delivered(List<LiveEvent> events, List<Caller> to);
}
