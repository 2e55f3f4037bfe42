package app.tandem.realtime;

import app.tandem.identity.Identity;
import app.tandem.platform.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The WebSocket at `/v1/live`. A device signs in with its access token, in the first frame or as a
 * `tandem.bearer.<token>` sub-protocol (never in the URL, which ends up in logs), says which event
 * it saw last, receives everything after that, then live events. The socket closes when the token
 * expires or the session ends, so access is never wider than the API's.
 */
record LiveEndpoint(
        Vertx vertx, Identity identity, LiveSockets sockets, LiveFeed feed, SocketLimit limit, Clock clock) {
    static final String PATH = "/v1/live";
    static final String SUBPROTOCOL = "tandem.v1";
    private static final String BEARER = "tandem.bearer.";
    private static final Duration FIRST_FRAME = Duration.ofSeconds(10);
    private static final Pattern EVENT_ID = Pattern.compile("^[0-9]{1,18}$");

    void handshake(ServerWebSocketHandshake handshake) {
        if (!PATH.equals(handshake.path())) handshake.reject(404);
        else if (!limit.admit()) handshake.reject(503);
        else handshake.accept();
    }

    void connected(ServerWebSocket ws) {
        limit.opened();
        ws.closeHandler(v -> limit.closed());
        String offered = bearer(ws.headers().getAll("Sec-WebSocket-Protocol"));
        long deadline = vertx.setTimer(FIRST_FRAME.toMillis(), id -> ws.close(LiveSocket.AUTH_FAILED, "sign in first"));
        ws.exceptionHandler(ex -> ws.close());
        ws.textMessageHandler(text -> {
            vertx.cancelTimer(deadline);
            ws.textMessageHandler(ignored -> {});
            JsonObject first;
            try {
                first = new JsonObject(text);
            } catch (DecodeException ex) {
                refuse(ws, LiveSocket.BAD_FRAME, "The first frame must be JSON.");
                return;
            }
            String type = first.getValue("type") instanceof String s ? s : "";
            String token = type.equals("auth") && first.getValue("accessToken") instanceof String t
                    ? t
                    : type.equals("resume") ? offered : null;
            Object resume = first.getValue("resumeAfter");
            if (token == null) {
                refuse(ws, LiveSocket.AUTH_FAILED, "Send {\"type\":\"auth\",\"accessToken\":...} first.");
            } else if (resume != null
                    && !(resume instanceof String r && EVENT_ID.matcher(r).matches())) {
                refuse(ws, LiveSocket.BAD_FRAME, "resumeAfter must be an eventId this server sent.");
            } else {
                signIn(ws, token, resume == null ? -1 : Long.parseLong((String) resume));
            }
        });
    }

    private void signIn(ServerWebSocket ws, String token, long resumeAfter) {
        identity.verifyAccessToken(token).onComplete(verified -> {
            if (verified.failed() || ws.isClosed()) {
                refuse(ws, LiveSocket.AUTH_FAILED, "Your sign-in has expired or is not valid. Sign in again.");
                return;
            }
            Caller caller = verified.result().caller();
            long after = resumeAfter < 0 ? feed.position() : resumeAfter;
            LiveSocket socket = new LiveSocket(ws, caller, after);
            sockets.add(socket);
            long expiry = vertx.setTimer(
                    Math.max(
                            1,
                            Duration.between(clock.instant(), verified.result().expiresAt())
                                    .toMillis()),
                    id -> socket.fail(
                            LiveSocket.AUTH_FAILED, "Your sign-in has expired. Reconnect with a fresh access token."));
            ws.closeHandler(v -> {
                limit.closed();
                vertx.cancelTimer(expiry);
                sockets.remove(socket);
            });
            if (ws.isClosed()) sockets.remove(socket);
            ws.textMessageHandler(text -> {});
            feed.resume(socket, after)
                    .onSuccess(v -> socket.live(feed.position()))
                    .onFailure(ex -> socket.fail((short) 1011, "Could not catch up; reconnect."));
        });
    }

    /** Every open socket: keep it alive through proxies, and close those whose session has ended. */
    void sweep() {
        for (LiveSocket socket : sockets.all()) {
            socket.ping();
            identity.sessionOpen(socket.caller()).onSuccess(open -> {
                if (!open) socket.fail(LiveSocket.AUTH_FAILED, "This session has ended. Sign in again.");
            });
        }
    }

    private static void refuse(ServerWebSocket ws, short code, String detail) {
        if (ws.isClosed()) return;
        ws.writeTextMessage(
                new JsonObject().put("type", "error").put("detail", detail).encode());
        ws.close(code, detail.length() > 120 ? detail.substring(0, 120) : detail);
    }

    private static String bearer(java.util.List<String> headers) {
        for (String header : headers) {
            for (String protocol : header.split(",")) {
                String p = protocol.trim();
                if (p.startsWith(BEARER)) return p.substring(BEARER.length());
            }
        }
        return null;
    }

    Future<Void> close() {
        sockets.all().forEach(s -> s.close((short) 1001, "server going away"));
        return Future.succeededFuture();
    }
}
