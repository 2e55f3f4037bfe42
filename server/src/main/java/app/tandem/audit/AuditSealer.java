package app.tandem.audit;

import app.tandem.audit.AuditStore.Chain;
import app.tandem.platform.Answer;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log's two chains, events and their outcomes: seals new rows in order (one replica at a
 * time) and walks both to verify them. A daily checkpoint of the event chain's head is logged, so a
 * copy kept elsewhere proves nothing before it was rewritten.
 */
final class AuditSealer {
    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    /** A gap in the order older than this is a number a failed insert used up, not a row still to commit. */
    private static final Duration GAP_WAIT = Duration.ofSeconds(10);

    private static final int SEAL_BATCH = 1000;
    private static final int WALK_BATCH = 5000;

    private final Pool pool;
    private final AuditStore store;
    private final AuditChain chain;
    private final Clock clock;
    private Instant lastCheckpoint = Instant.EPOCH;

    AuditSealer(Pool pool, AuditStore store, AuditChain chain, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.chain = chain;
        this.clock = clock;
    }

    private byte[] seal(Chain which, byte[] previous, Row row) {
        return which == Chain.EVENTS ? chain.seal(previous, row) : chain.sealOutcome(previous, row);
    }

    /** Seals new events, then new outcomes, under an advisory lock so replicas take turns. */
    Future<Integer> sealNew() {
        return pool.withTransaction(tx -> tx.query("SELECT pg_try_advisory_xact_lock(hashtext('tandem-audit-seal'))")
                .execute()
                .compose(locked -> !locked.iterator().next().getBoolean(0)
                        ? Future.succeededFuture(0)
                        : sealNew(tx, Chain.EVENTS)
                                .compose(events -> sealNew(tx, Chain.OUTCOMES).map(outcomes -> events))));
    }

    /** Seals rows after the chain's head in order; a gap waits (an insert may still commit) until it is old. */
    private Future<Integer> sealNew(SqlClient tx, Chain which) {
        return store.head(tx, which).compose(head -> {
            long headN = head == null ? 0 : head.getLong("n");
            byte[] previous =
                    head == null ? AuditChain.GENESIS : head.getBuffer("hash").getBytes();
            return store.sealedAfter(tx, which, headN, SEAL_BATCH).compose(rows -> {
                List<Long> ns = new ArrayList<>();
                List<byte[]> hashes = new ArrayList<>();
                long expected = headN + 1;
                byte[] hash = previous;
                Instant now = clock.instant();
                for (Row r : rows) {
                    long n = r.getLong("n");
                    if (n != expected && r.getOffsetDateTime("at").toInstant().isAfter(now.minus(GAP_WAIT))) break;
                    hash = seal(which, hash, r);
                    ns.add(n);
                    hashes.add(hash);
                    expected = n + 1;
                }
                if (ns.isEmpty()) return Future.succeededFuture(0);
                byte[] newHead = hash;
                return store.seal(tx, which, ns, hashes).map(v -> {
                    if (which == Chain.EVENTS) checkpoint(ns.get(ns.size() - 1), newHead, now);
                    return ns.size();
                });
            });
        });
    }

    /** Once a day, the chain's head in the log: a copy outside the database to check it against. */
    private void checkpoint(long seq, byte[] hash, Instant now) {
        if (Duration.between(lastCheckpoint, now).compareTo(Duration.ofDays(1)) < 0) return;
        lastCheckpoint = now;
        log.atInfo()
                .addKeyValue("auditSeq", seq)
                .addKeyValue("auditHash", AuditChain.hex(hash))
                .log("audit log checkpoint");
    }

    /** How a walk of one chain ended: rows sealed, the event seq of the first break, the head. */
    private record Walked(long sealed, Long breakAt, long headN, byte[] head) {}

    /**
     * Walks both chains, recomputing every seal. The first event whose seal does not match is the
     * break; an outcome that does not match names its event.
     */
    Future<Verified> verify() {
        return walk(Chain.EVENTS, 0, AuditChain.GENESIS, 0)
                .compose(events -> walk(Chain.OUTCOMES, 0, AuditChain.GENESIS, 0)
                        .compose(outcomes -> store.eventCount(pool).map(total -> {
                            Long breakAt = events.breakAt() != null ? events.breakAt() : outcomes.breakAt();
                            if (breakAt != null) log.error("audit chain broken at event {}", breakAt);
                            Checkpoint checkpoint = breakAt == null && events.headN() > 0
                                    ? new Checkpoint(events.headN(), AuditChain.hex(events.head()))
                                    : null;
                            return new Verified(total, events.sealed(), breakAt == null, breakAt, checkpoint);
                        })));
    }

    /** The last sealed event and its seal: a DPO can note it and check later that nothing before it changed. */
    record Checkpoint(long seq, String hash) {}

    /** What a walk of the chains found: how many events, how many sealed, and where it first broke, if it did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Verified(long events, long sealed, boolean intact, Long firstBreak, Checkpoint checkpoint)
            implements Answer {}

    private Future<Walked> walk(Chain which, long after, byte[] previous, long sealed) {
        return store.sealedAfter(pool, which, after, WALK_BATCH).compose(rows -> {
            byte[] hash = previous;
            long last = after;
            long seals = sealed;
            for (Row r : rows) {
                long n = r.getLong("n");
                if (r.getBuffer("hash") == null) {
                    // Not sealed yet is fine only at the end of the chain (the newest seconds).
                    return tail(which, r, seals, last, hash);
                }
                hash = seal(which, hash, r);
                if (!MessageDigest.isEqual(hash, r.getBuffer("hash").getBytes()))
                    return Future.succeededFuture(new Walked(seals, r.getLong("seq"), last, hash));
                seals++;
                last = n;
            }
            if (rows.size() < WALK_BATCH) return Future.succeededFuture(new Walked(seals, null, last, hash));
            return walk(which, last, hash, seals);
        });
    }

    /** An unsealed row: intact only if no sealed row follows it. */
    private Future<Walked> tail(Chain which, Row unsealed, long seals, long headN, byte[] head) {
        return store.sealedLater(pool, which, unsealed.getLong("n"))
                .map(later -> new Walked(seals, later ? unsealed.getLong("seq") : null, headN, head));
    }
}
