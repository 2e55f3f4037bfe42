package app.tandem.realtime;

/**
 * How live events are ordered and announced. Other capabilities announce through the database
 * function `live_announce` (migration V25), inside the transaction that makes the change: it takes
 * a shared transaction-scoped advisory lock before the event gets its id, records the event for each
 * recipient, and queues a NOTIFY carrying only the id. PostgreSQL delivers the NOTIFY at commit and
 * never for work that rolled back.
 *
 * <p>Writers share the lock, so conversations never wait for one another; a reader ({@link
 * LiveFeed}) takes it exclusively before it reads, which waits for every writer that already has an
 * id to commit (and holds new ones back for that moment). So a reader that has seen id N never
 * later meets a smaller one, without putting every message in the school in one queue.
 */
final class LiveEvents {
    /** The channel `live_announce` notifies on. */
    static final String CHANNEL = "tandem_live";
    /** The advisory lock key that orders event ids (the literal in `live_announce`); no other lock in Tandem uses it. */
    static final long ORDER_LOCK = 0x7A4E_0001L;

    private LiveEvents() {}
}
