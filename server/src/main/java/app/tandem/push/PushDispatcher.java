package app.tandem.push;

import app.tandem.platform.Requests;
import app.tandem.push.PushPayloads.Push;
import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Sends the notification outbox. Every replica runs one: it claims due rows with
 * `FOR UPDATE SKIP LOCKED` under a lease (so two replicas never send a row at once, and a replica
 * that dies mid-send lets its lease lapse for another to take over), holds back what falls in a
 * person's quiet hours, sends to each of the person's phones, and settles each row: sent, retried
 * later with backoff and jitter (honouring `Retry-After`), or given up with the reason recorded.
 */
final class PushDispatcher {
    static final Duration LEASE = Duration.ofSeconds(60);
    static final int CLAIM = 500;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** A person's phone on an open session. */
    private record Phone(String token, String platform) {}

    /** How one row's sends went. */
    private static final class Outcome {
        boolean transientFailure;
        Duration retryAfter = Duration.ZERO;
        String error;
    }

    private final Pool pool;
    private final FcmSender sender;
    private final Clock clock;
    private final String replica;
    private final int maxAttempts;
    private final Function<List<UUID>, Future<Map<UUID, Integer>>> badges;
    private final PushMetrics metrics;

    PushDispatcher(
            Pool pool,
            FcmSender sender,
            Clock clock,
            int maxAttempts,
            Function<List<UUID>, Future<Map<UUID, Integer>>> badges,
            PushMetrics metrics) {
        this.pool = pool;
        this.sender = sender;
        this.clock = clock;
        this.replica = UUID.randomUUID().toString();
        this.maxAttempts = maxAttempts;
        this.badges = badges;
        this.metrics = metrics;
    }

    /** Claims and sends one round of due rows; returns how many rows it claimed. */
    Future<Integer> dispatchOnce() {
        Instant now = clock.instant();
        return pool.preparedQuery(
                        """
            WITH due AS (
              SELECT id FROM notification_outbox
              WHERE sent_at IS NULL AND given_up_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
              ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE notification_outbox o SET lease_until = $3, leased_by = $4, attempts = o.attempts + 1
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.user_id, o.kind, o.ref_id, o.urgent, o.collapse_key, o.attempts""")
                .execute(Tuple.of(Requests.utc(now), CLAIM, Requests.utc(now.plus(LEASE)), replica))
                .compose(rows -> {
                    List<Row> claimed = new ArrayList<>();
                    rows.forEach(claimed::add);
                    return claimed.isEmpty()
                            ? Future.succeededFuture(0)
                            : dispatch(claimed, now).map(claimed.size());
                });
    }

    private Future<Void> dispatch(List<Row> claimed, Instant now) {
        List<UUID> users =
                claimed.stream().map(r -> r.getUUID("user_id")).distinct().toList();
        return quietUntil(users, now).compose(quiet -> {
            List<Row> due = new ArrayList<>();
            List<UUID> deferIds = new ArrayList<>();
            List<Instant> deferTo = new ArrayList<>();
            for (Row row : claimed) {
                Instant until = quiet.get(row.getUUID("user_id"));
                if (until != null && !row.getBoolean("urgent")) {
                    deferIds.add(row.getUUID("id"));
                    deferTo.add(until);
                } else {
                    due.add(row);
                }
            }
            return defer(deferIds, deferTo).compose(v -> due.isEmpty() ? Future.succeededFuture() : send(due, now));
        });
    }

    /** For each person now in their quiet hours, when those end. */
    private Future<Map<UUID, Instant>> quietUntil(List<UUID> users, Instant now) {
        return pool.preparedQuery(
                        """
            SELECT u.id, u.quiet_from, u.quiet_to, s.time_zone FROM app_user u JOIN school s ON s.id = u.school_id
            WHERE u.id = ANY($1) AND u.quiet_from IS NOT NULL""")
                .execute(Tuple.tuple().addArrayOfUUID(users.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Instant> quiet = new HashMap<>();
                    for (Row r : rows) {
                        Instant end = QuietHours.endOf(
                                r.getLocalTime("quiet_from"),
                                r.getLocalTime("quiet_to"),
                                ZoneId.of(r.getString("time_zone")),
                                now);
                        if (end != null) quiet.put(r.getUUID("id"), end);
                    }
                    return quiet;
                });
    }

    private Future<Void> defer(List<UUID> ids, List<Instant> until) {
        if (ids.isEmpty()) return Future.succeededFuture();
        metrics.deferred(ids.size());
        return pool.preparedQuery(
                        """
            UPDATE notification_outbox o SET due_at = d.until, lease_until = NULL, attempts = o.attempts - 1
            FROM unnest($1::uuid[], $2::timestamptz[]) AS d (id, until) WHERE o.id = d.id""")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(ids.toArray(UUID[]::new))
                        .addArrayOfOffsetDateTime(
                                until.stream().map(Requests::utc).toArray(java.time.OffsetDateTime[]::new)))
                .mapEmpty();
    }

    private Future<Void> send(List<Row> due, Instant now) {
        List<UUID> users =
                due.stream().map(r -> r.getUUID("user_id")).distinct().toList();
        return devices(users, now).compose(devices -> badges.apply(users).compose(badge -> {
            List<Push> pushes = new ArrayList<>();
            Map<UUID, Outcome> outcomes = new LinkedHashMap<>();
            for (Row row : due) {
                UUID user = row.getUUID("user_id");
                Outcome outcome = new Outcome();
                outcomes.put(row.getUUID("id"), outcome);
                List<Phone> phones = devices.getOrDefault(user, List.of());
                if (phones.isEmpty()) outcome.error = "no device";
                for (Phone phone : phones) {
                    pushes.add(new Push(
                            row.getUUID("id"),
                            row.getString("kind"),
                            row.getUUID("ref_id"),
                            row.getBoolean("urgent"),
                            row.getString("collapse_key"),
                            phone.token(),
                            phone.platform(),
                            badge.getOrDefault(user, 0)));
                }
            }
            List<String> unregistered = new ArrayList<>();
            Future<Void> sent = Future.succeededFuture();
            for (int from = 0; from < pushes.size(); from += FcmSender.MAX_BATCH) {
                List<Push> batch = pushes.subList(from, Math.min(pushes.size(), from + FcmSender.MAX_BATCH));
                sent = sent.compose(v -> sendBatch(batch, now, outcomes, unregistered));
            }
            return sent.compose(v -> settle(due, outcomes, now)).compose(v -> forget(unregistered));
        }));
    }

    private Future<Void> sendBatch(
            List<Push> batch, Instant now, Map<UUID, Outcome> outcomes, List<String> unregistered) {
        List<Message> messages =
                batch.stream().map(p -> PushPayloads.message(p, now)).toList();
        return sender.send(messages)
                .map(response -> {
                    record(batch, response, outcomes, unregistered);
                    return (Void) null;
                })
                .recover(failure -> {
                    // The whole batch failed (FCM unreachable): every row in it is tried again later.
                    for (Push push : batch) {
                        Outcome outcome = outcomes.get(push.outboxId());
                        outcome.transientFailure = true;
                        outcome.error = "batch failed: " + failure.getClass().getSimpleName();
                    }
                    return Future.succeededFuture();
                });
    }

    private void record(
            List<Push> batch, BatchResponse response, Map<UUID, Outcome> outcomes, List<String> unregistered) {
        List<SendResponse> responses = response.getResponses();
        for (int i = 0; i < batch.size(); i++) {
            Push push = batch.get(i);
            SendResponse result = responses.get(i);
            if (result.isSuccessful()) continue;
            Outcome outcome = outcomes.get(push.outboxId());
            FirebaseMessagingException ex = result.getException();
            MessagingErrorCode code = ex.getMessagingErrorCode();
            outcome.error = code != null ? code.name() : ex.getErrorCode().name();
            if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.INVALID_ARGUMENT) {
                unregistered.add(push.token());
            } else if (code == MessagingErrorCode.UNAVAILABLE
                    || code == MessagingErrorCode.INTERNAL
                    || code == MessagingErrorCode.QUOTA_EXCEEDED
                    || ex.getErrorCode() == ErrorCode.UNAVAILABLE
                    || ex.getErrorCode() == ErrorCode.INTERNAL
                    || ex.getErrorCode() == ErrorCode.RESOURCE_EXHAUSTED) {
                outcome.transientFailure = true;
                Duration wait = retryAfter(ex);
                if (wait.compareTo(outcome.retryAfter) > 0) outcome.retryAfter = wait;
            }
        }
    }

    private static Duration retryAfter(FirebaseMessagingException ex) {
        if (ex.getHttpResponse() == null) return Duration.ZERO;
        for (Map.Entry<String, Object> header :
                ex.getHttpResponse().getHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("retry-after")) continue;
            Object value =
                    header.getValue() instanceof List<?> list && !list.isEmpty() ? list.get(0) : header.getValue();
            try {
                return Duration.ofSeconds(Long.parseLong(String.valueOf(value).trim()));
            } catch (NumberFormatException notSeconds) {
                return Duration.ZERO;
            }
        }
        return Duration.ZERO;
    }

    /** Sent, retried with backoff, or given up: three statements whatever the batch's size. */
    private Future<Void> settle(List<Row> due, Map<UUID, Outcome> outcomes, Instant now) {
        List<UUID> sent = new ArrayList<>();
        List<String> sentNotes = new ArrayList<>();
        List<UUID> retry = new ArrayList<>();
        List<Instant> retryAt = new ArrayList<>();
        List<String> retryNotes = new ArrayList<>();
        List<UUID> givenUp = new ArrayList<>();
        List<String> givenUpNotes = new ArrayList<>();
        for (Row row : due) {
            UUID id = row.getUUID("id");
            Outcome outcome = outcomes.get(id);
            int attempts = row.getInteger("attempts");
            if (!outcome.transientFailure) {
                sent.add(id);
                sentNotes.add(outcome.error);
                if ("no device".equals(outcome.error)) metrics.dropped(1);
                else metrics.sent(1);
            } else if (attempts >= maxAttempts) {
                givenUp.add(id);
                givenUpNotes.add("gave up after " + attempts + " attempts: " + outcome.error);
                metrics.failed(1);
            } else {
                retry.add(id);
                retryAt.add(now.plus(max(backoff(attempts), outcome.retryAfter)));
                retryNotes.add(outcome.error);
                metrics.retried(1);
            }
        }
        return pool.preparedQuery(
                        """
            UPDATE notification_outbox o SET sent_at = $3, lease_until = NULL, last_error = d.note
            FROM unnest($1::uuid[], $2::text[]) AS d (id, note) WHERE o.id = d.id""")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(sent.toArray(UUID[]::new))
                        .addArrayOfString(sentNotes.toArray(String[]::new))
                        .addOffsetDateTime(Requests.utc(now)))
                .compose(v -> pool.preparedQuery(
                                """
                UPDATE notification_outbox o SET due_at = d.at, lease_until = NULL, last_error = d.note
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS d (id, at, note) WHERE o.id = d.id""")
                        .execute(Tuple.tuple()
                                .addArrayOfUUID(retry.toArray(UUID[]::new))
                                .addArrayOfOffsetDateTime(
                                        retryAt.stream().map(Requests::utc).toArray(java.time.OffsetDateTime[]::new))
                                .addArrayOfString(retryNotes.toArray(String[]::new))))
                .compose(v -> pool.preparedQuery(
                                """
                UPDATE notification_outbox o SET given_up_at = $3, lease_until = NULL, last_error = d.note
                FROM unnest($1::uuid[], $2::text[]) AS d (id, note) WHERE o.id = d.id""")
                        .execute(Tuple.tuple()
                                .addArrayOfUUID(givenUp.toArray(UUID[]::new))
                                .addArrayOfString(givenUpNotes.toArray(String[]::new))
                                .addOffsetDateTime(Requests.utc(now))))
                .mapEmpty();
    }

    /** Tokens FCM no longer knows are forgotten, but only if the stored token is still the one sent. */
    private Future<Void> forget(List<String> unregistered) {
        if (unregistered.isEmpty()) return Future.succeededFuture();
        return pool.preparedQuery("DELETE FROM device WHERE token = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(unregistered.toArray(String[]::new)))
                .mapEmpty();
    }

    /** Each person's phones on open sessions. */
    private Future<Map<UUID, List<Phone>>> devices(List<UUID> users, Instant now) {
        return pool.preparedQuery(
                        """
            SELECT d.user_id, d.token, d.platform FROM device d JOIN session s ON s.id = d.session_id
            WHERE d.user_id = ANY($1) AND s.revoked_at IS NULL AND s.expires_at > $2""")
                .execute(
                        Tuple.tuple().addArrayOfUUID(users.toArray(UUID[]::new)).addOffsetDateTime(Requests.utc(now)))
                .map(rows -> {
                    Map<UUID, List<Phone>> byUser = new HashMap<>();
                    for (Row r : rows) {
                        byUser.computeIfAbsent(r.getUUID("user_id"), k -> new ArrayList<>())
                                .add(new Phone(r.getString("token"), r.getString("platform")));
                    }
                    return byUser;
                });
    }

    /** Exponential, with full jitter between half and all of it, so a recovering FCM is not hit in step. */
    static Duration backoff(int attempts) {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(20, attempts));
        long jittered = seconds / 2 + ThreadLocalRandom.current().nextLong(seconds / 2 + 1);
        return Duration.ofSeconds(Math.max(1, jittered));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
