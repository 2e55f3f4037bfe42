package app.tandem.realtime;

import app.tandem.platform.Caller;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One signed-in device's socket. Events reach it from the replica's feed while its own backlog is
 * still being sent after a resume; until the backlog is done, live events wait here, and every
 * event is sent at most once and in id order, so nothing is skipped or repeated.
 */
final class LiveSocket {
    /** Close codes the app acts on (documented in the contract). */
    static final short AUTH_FAILED = 4401;

    static final short BAD_FRAME = 4400;
    static final short TOO_SLOW = 1013;

    private record Pending(long id, JsonObject frame) {}

    private final ServerWebSocket ws;
    private final Caller caller;
    private final List<Pending> waiting = new ArrayList<>();
    private long lastSent;
    private boolean resuming = true;
    private boolean closed;

    LiveSocket(ServerWebSocket ws, Caller caller, long resumeAfter) {
        this.ws = ws;
        this.caller = caller;
        this.lastSent = resumeAfter;
    }

    Caller caller() {
        return caller;
    }

    /** A live event from the feed. */
    synchronized void offer(long id, JsonObject frame) {
        if (resuming) waiting.add(new Pending(id, frame));
        else send(id, frame);
    }

    /** Part of this device's backlog, in id order. */
    synchronized void backlog(long id, JsonObject frame) {
        send(id, frame);
    }

    /** The backlog is sent: send what arrived live meanwhile, say so, and go live. */
    synchronized void live(long feedPosition) {
        waiting.sort(Comparator.comparingLong(Pending::id));
        for (Pending p : waiting) send(p.id(), p.frame());
        waiting.clear();
        resuming = false;
        long position = Math.max(lastSent, feedPosition);
        JsonObject ready = new JsonObject().put("type", "ready");
        if (position > 0) ready.put("eventId", Long.toString(position));
        write(ready);
    }

    /** A frame about the connection itself, not an event: it has no event id. */
    synchronized void notice(JsonObject frame) {
        write(frame);
    }

    /** Whether this event has already gone to the device. */
    synchronized boolean sent(long id) {
        return id <= lastSent;
    }

    private void send(long id, JsonObject frame) {
        if (id <= lastSent || closed) return;
        if (ws.writeQueueFull()) {
            // The device cannot keep up; it reconnects and resumes from what it has.
            close(TOO_SLOW, "falling behind; reconnect and resume");
            return;
        }
        write(frame.copy().put("eventId", Long.toString(id)));
        lastSent = id;
    }

    private void write(JsonObject frame) {
        if (!closed) ws.writeTextMessage(frame.encode());
    }

    synchronized void fail(short code, String detail) {
        write(new JsonObject().put("type", "error").put("detail", detail));
        close(code, detail);
    }

    synchronized void close(short code, String reason) {
        if (closed) return;
        closed = true;
        ws.close(code, reason);
    }

    void ping() {
        if (!closed) ws.writePing(io.vertx.core.buffer.Buffer.buffer());
    }
}
