package app.tandem.push;

import app.tandem.push.DispatchStore.Claimed;
import app.tandem.push.DispatchStore.Phone;
import app.tandem.push.PushPayloads.Push;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.SendResponse;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notification outbox. Every replica runs one: it claims due rows with
 * `FOR UPDATE SKIP LOCKED` under a lease (so two replicas never send a row at once, and a replica
 * that dies mid-send lets its lease lapse for another to take over), holds back what falls in a
 * person's quiet hours, sends to each of the person's phones, and settles each row: sent only when
 * FCM accepted it, retried later with backoff and jitter (honouring `Retry-After`) after anything
 * that was not a definite answer, or given up with the reason recorded.
 */
final class PushDispatcher {
    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
    static final Duration LEASE = Duration.ofSeconds(60);
    static final int CLAIM = 500;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** How one row's sends went, over all of the person's phones. */
    private static final class RowOutcome {
        int accepted;
        SendFailure retry;
        SendFailure last;
        String noDevice;

        void failed(SendFailure failure) {
            last = failure;
            if (failure.kind() == SendFailure.Kind.RETRY
                    && (retry == null || failure.retryAfter().compareTo(retry.retryAfter()) > 0)) {
                retry = failure;
            }
        }
    }

    private final Pool pool;
    private final DispatchStore store = new DispatchStore();
    private final FcmSender sender;
    private final Clock clock;
    private final String replica;
    private final int maxAttempts;
    private final Function<List<UUID>, Future<Map<UUID, Integer>>> badges;
    private final PushMetrics metrics;
    private final AtomicBoolean toldMisconfigured = new AtomicBoolean();

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
        return store.claim(pool, now, CLAIM, now.plus(LEASE), replica)
                .compose(claimed -> claimed.isEmpty()
                        ? Future.succeededFuture(0)
                        : dispatch(claimed, now).map(claimed.size()));
    }

    private Future<Void> dispatch(List<Claimed> claimed, Instant now) {
        List<UUID> users = claimed.stream().map(Claimed::userId).distinct().toList();
        return quietUntil(users, now).compose(quiet -> {
            List<Claimed> due = new ArrayList<>();
            List<UUID> deferIds = new ArrayList<>();
            List<Instant> deferTo = new ArrayList<>();
            for (Claimed row : claimed) {
                Instant until = quiet.get(row.userId());
                if (until != null && !row.urgent()) {
                    deferIds.add(row.id());
                    deferTo.add(until);
                } else {
                    due.add(row);
                }
            }
            metrics.deferred(deferIds.size());
            return store.defer(pool, deferIds, deferTo)
                    .compose(v -> due.isEmpty() ? Future.succeededFuture() : send(due, now));
        });
    }

    /** For each person now in their quiet hours, when those end. */
    private Future<Map<UUID, Instant>> quietUntil(List<UUID> users, Instant now) {
        return store.quietHours(pool, users).map(hours -> {
            Map<UUID, Instant> quiet = new HashMap<>();
            for (DispatchStore.Quiet q : hours) {
                Instant end = QuietHours.endOf(q.from(), q.to(), q.zone(), now);
                if (end != null) quiet.put(q.userId(), end);
            }
            return quiet;
        });
    }

    private Future<Void> send(List<Claimed> due, Instant now) {
        List<UUID> users = due.stream().map(Claimed::userId).distinct().toList();
        return store.phones(pool, users, now)
                .compose(devices -> badges.apply(users).compose(badge -> {
                    List<Push> pushes = new ArrayList<>();
                    Map<UUID, RowOutcome> outcomes = new LinkedHashMap<>();
                    for (Claimed row : due) {
                        RowOutcome outcome = new RowOutcome();
                        outcomes.put(row.id(), outcome);
                        List<Phone> phones = devices.getOrDefault(row.userId(), List.of());
                        if (phones.isEmpty()) outcome.noDevice = "no device";
                        for (Phone phone : phones) {
                            pushes.add(new Push(
                                    row.id(),
                                    row.kind(),
                                    row.refId(),
                                    row.urgent(),
                                    row.collapseKey(),
                                    phone.token(),
                                    phone.platform(),
                                    badge.getOrDefault(row.userId(), 0)));
                        }
                    }
                    List<String> unregistered = new ArrayList<>();
                    Future<Void> sent = Future.succeededFuture();
                    for (int from = 0; from < pushes.size(); from += FcmSender.MAX_BATCH) {
                        List<Push> batch = pushes.subList(from, Math.min(pushes.size(), from + FcmSender.MAX_BATCH));
                        sent = sent.compose(v -> sendBatch(batch, now, outcomes, unregistered));
                    }
                    return sent.compose(v -> recordSent(settle(due, outcomes, now), now, SETTLE_TRIES))
                            .compose(v -> store.forget(pool, unregistered));
                }));
    }

    private Future<Void> sendBatch(
            List<Push> batch, Instant now, Map<UUID, RowOutcome> outcomes, List<String> unregistered) {
        List<Message> messages =
                batch.stream().map(p -> PushPayloads.message(p, now)).toList();
        return sender.send(messages)
                .map(response -> {
                    record(batch, response, outcomes, unregistered);
                    return (Void) null;
                })
                .recover(failure -> {
                    // The whole batch failed before FCM answered: nothing in it is known to have arrived.
                    SendFailure retry = SendFailure.ofBatch(failure);
                    for (Push push : batch) outcomes.get(push.outboxId()).failed(retry);
                    return Future.succeededFuture();
                });
    }

    private void record(
            List<Push> batch, BatchResponse response, Map<UUID, RowOutcome> outcomes, List<String> unregistered) {
        List<SendResponse> responses = response.getResponses();
        for (int i = 0; i < batch.size(); i++) {
            Push push = batch.get(i);
            SendResponse result = responses.get(i);
            RowOutcome outcome = outcomes.get(push.outboxId());
            if (result.isSuccessful()) {
                outcome.accepted++;
                continue;
            }
            SendFailure failure = SendFailure.of(result.getException());
            outcome.failed(failure);
            if (failure.kind() == SendFailure.Kind.FORGET_TOKEN) unregistered.add(push.token());
            if (failure.kind() == SendFailure.Kind.MISCONFIGURED && toldMisconfigured.compareAndSet(false, true)) {
                log.atError()
                        .addKeyValue("reason", failure.reason())
                        .log("FCM refuses this server's configuration: check TANDEM_FCM_PROJECT_ID and the service"
                                + " account; pushes refused for it are given up");
            }
        }
    }

    /**
     * Sent when FCM accepted it on some phone and nothing needs trying again; retried after any
     * failure that was not definite (until the attempts run out); given up when no phone could
     * take it.
     */
    /**
     * Records what FCM answered, trying again each second while PostgreSQL is away (a restart takes
     * seconds): pushes FCM accepted but not recorded as sent would go again once their lease lapses,
     * and reach the phones twice. Tried for half the lease, so another replica never takes them over
     * meanwhile.
     */
    private Future<Void> recordSent(DispatchStore.Settlement s, Instant now, int triesLeft) {
        return store.settle(pool, s, now).recover(failure -> {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            if (triesLeft <= 1 || context == null) return Future.failedFuture(failure);
            return context.owner()
                    .timer(1, java.util.concurrent.TimeUnit.SECONDS)
                    .compose(v -> recordSent(s, now, triesLeft - 1));
        });
    }

    private static final int SETTLE_TRIES = (int) (LEASE.toSeconds() / 2);

    private DispatchStore.Settlement settle(List<Claimed> due, Map<UUID, RowOutcome> outcomes, Instant now) {
        DispatchStore.Settlement s = new DispatchStore.Settlement(
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>());
        for (Claimed row : due) {
            RowOutcome outcome = outcomes.get(row.id());
            if (outcome.retry != null && row.attempts() >= maxAttempts) {
                s.givenUp().add(row.id());
                s.givenUpNotes().add("gave up after " + row.attempts() + " attempts: " + outcome.retry.reason());
                metrics.failed(1);
            } else if (outcome.retry != null) {
                s.retry().add(row.id());
                s.retryAt().add(now.plus(max(backoff(row.attempts()), outcome.retry.retryAfter())));
                s.retryNotes().add(outcome.retry.reason());
                metrics.retried(1);
            } else if (outcome.accepted > 0) {
                s.sent().add(row.id());
                s.sentNotes().add(outcome.last == null ? null : outcome.last.reason());
                metrics.sent(1);
            } else if (outcome.noDevice != null) {
                s.givenUp().add(row.id());
                s.givenUpNotes().add(outcome.noDevice);
                metrics.dropped(1);
            } else {
                s.givenUp().add(row.id());
                s.givenUpNotes().add(outcome.last.reason());
                metrics.failed(1);
            }
        }
        return s;
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
