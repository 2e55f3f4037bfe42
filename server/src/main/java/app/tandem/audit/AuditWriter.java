package app.tandem.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events with group commit: while one batch is being written, the events of every
 * request that arrives meanwhile wait and go in the next batch, in one statement and one commit.
 * A request still continues only once its own event is durable; under load many share one commit
 * instead of each waiting for its own. Outcomes are not needed before answering, so they are
 * gathered and written a few times a second (one lost in a crash reads as "no outcome").
 */
final class AuditWriter {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 500;

    private record Pending(AuditStore.Event event, boolean read, Promise<Long> written, Context context) {}

    private final Vertx vertx;
    private final Pool pool;
    private final AuditStore store;
    private final Clock clock;
    private final List<Pending> waiting = new ArrayList<>();
    private boolean writing;
    private final List<Long> outcomeSeqs = new ArrayList<>();
    private final List<Integer> outcomeStatuses = new ArrayList<>();

    AuditWriter(Vertx vertx, Pool pool, AuditStore store, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The event's sequence number once it is committed, completed on the caller's event loop. A
     * pure read's event goes in a batch of reads, committed without waiting for the disk (see
     * {@link AuditStore#insertAll}).
     */
    Future<Long> write(AuditStore.Event event, boolean read) {
        Context context = vertx.getOrCreateContext();
        Promise<Long> written = Promise.promise();
        boolean start;
        synchronized (this) {
            waiting.add(new Pending(event, read, written, context));
            start = !writing;
            writing = true;
        }
        if (start) writeNext();
        return written.future();
    }

    private void writeNext() {
        List<Pending> batch;
        synchronized (this) {
            if (waiting.isEmpty()) {
                writing = false;
                return;
            }
            // The next batch is of one kind, reads or not, in arrival order.
            boolean read = waiting.get(0).read();
            batch = new ArrayList<>();
            for (java.util.Iterator<Pending> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
                Pending p = it.next();
                if (p.read() != read) continue;
                batch.add(p);
                it.remove();
            }
        }
        boolean readsOnly = batch.get(0).read();
        store.insertAll(pool, batch.stream().map(Pending::event).toList(), readsOnly)
                .onComplete(done -> {
                    for (Pending p : batch) {
                        Long seq =
                                done.succeeded() ? done.result().get(p.event().eventId()) : null;
                        p.context().runOnContext(v -> {
                            if (seq != null) p.written().complete(seq);
                            else
                                p.written()
                                        .fail(
                                                done.failed()
                                                        ? done.cause()
                                                        : new IllegalStateException("event not returned"));
                        });
                    }
                    writeNext();
                });
    }

    /** Notes how a request ended; written with the others on the next {@link #flushOutcomes}. */
    synchronized void outcome(long seq, int status) {
        outcomeSeqs.add(seq);
        outcomeStatuses.add(status);
    }

    Future<Void> flushOutcomes() {
        List<Long> seqs;
        List<Integer> statuses;
        synchronized (this) {
            if (outcomeSeqs.isEmpty()) return Future.succeededFuture();
            seqs = new ArrayList<>(outcomeSeqs);
            statuses = new ArrayList<>(outcomeStatuses);
            outcomeSeqs.clear();
            outcomeStatuses.clear();
        }
        return store.outcomes(pool, seqs, statuses, clock.instant())
                .onFailure(ex -> log.warn("{} audit outcomes not written: {}", seqs.size(), ex.toString()));
    }
}
