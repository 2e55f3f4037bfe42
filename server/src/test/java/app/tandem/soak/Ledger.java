package app.tandem.soak;

import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the run must have kept, checked against the database and what the stand-ins received: every
 * acknowledged message stored once; every message reached every phone's socket that was connected
 * (after resuming) once; every push queued for a phone accepted by FCM once; every email the
 * shares owe delivered once; every audited read answered with its audit event.
 */
final class Ledger {
    /** One line of the ledger: how many were owed, how many never arrived, how many arrived twice. */
    record Line(String what, long owed, long lost, long duplicated) {}

    private Ledger() {}

    static List<Line> check(Cluster cluster, Traffic traffic, LiveSockets live, Instant started) throws Exception {
        List<Line> lines = new ArrayList<>();
        try (Connection db = cluster.jdbc()) {
            lines.add(messagesStored(db, traffic.sent));
            lines.add(messagesLive(db, live));
            lines.add(pushes(db, cluster, started));
            lines.add(emails(cluster, traffic));
            lines.add(auditedReads(db, traffic.auditedReads));
        }
        return lines;
    }

    private static Line messagesStored(Connection db, Collection<Traffic.Sent> sent) throws SQLException {
        Map<String, Long> stored = counts(
                db,
                "SELECT client_message_id, count(*) FROM message WHERE client_message_id = ANY (?) GROUP BY 1",
                sent.stream().map(Traffic.Sent::clientMessageId).toList());
        return tally("messages acknowledged, stored", sent.size(), stored);
    }

    /** A message's live event: its id in the feed, and the message it carries. */
    private record Event(long id, String messageId) {}

    private static Line messagesLive(Connection db, LiveSockets live) throws SQLException {
        long from = live.phones.stream()
                .mapToLong(p -> p.firstReady)
                .filter(r -> r >= 0)
                .min()
                .orElse(0);
        Map<UUID, List<Event>> owedTo = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT id, message_id, recipients FROM live_event WHERE type = 'message.created' AND id > ?")) {
            s.setLong(1, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Event event = new Event(r.getLong(1), r.getString(2));
                    for (Object to : (Object[]) r.getArray(3).getArray())
                        owedTo.computeIfAbsent((UUID) to, k -> new ArrayList<>())
                                .add(event);
                }
            }
        }
        long owed = 0, lost = 0, duplicated = 0;
        for (LiveSockets.Phone phone : live.phones) {
            if (phone.firstReady < 0) {
                lost++; // never connected at all
                continue;
            }
            for (Event event : owedTo.getOrDefault(phone.userId, List.of())) {
                if (event.id() <= phone.firstReady) continue;
                owed++;
                if (!phone.messages.containsKey(event.messageId())) lost++;
            }
            duplicated += phone.messages.values().stream().filter(n -> n > 1).count();
        }
        return new Line("messages to each connected phone's socket", owed, lost, duplicated);
    }

    private static Line pushes(Connection db, Cluster cluster, Instant started) throws SQLException {
        List<String> owed = new ArrayList<>();
        try (PreparedStatement s =
                db.prepareStatement("SELECT o.id FROM notification_outbox o JOIN device d ON d.user_id = o.user_id"
                        + " WHERE o.created_at >= ? AND d.token LIKE 'bench-device-%'")) {
            s.setTimestamp(1, Timestamp.from(started));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) owed.add(r.getString(1));
            }
        }
        Map<String, Long> accepted = new HashMap<>();
        for (JsonObject push : cluster.fcm.accepted()) {
            String id = push.getJsonObject("data", new JsonObject()).getString("pushId");
            if (id != null) accepted.merge(id, 1L, Long::sum);
        }
        Map<String, Long> owedAccepted = new HashMap<>();
        for (String id : owed) if (accepted.containsKey(id)) owedAccepted.put(id, accepted.get(id));
        return tally("pushes queued for a phone, accepted by FCM", owed.size(), owedAccepted);
    }

    private static Line emails(Cluster cluster, Traffic traffic) throws Exception {
        Set<String> recipients = new HashSet<>(traffic.shareRecipients);
        Map<String, Long> byMessageId = new HashMap<>();
        for (MimeMessage m : cluster.mail()) {
            if (recipients.contains(m.getAllRecipients()[0].toString()))
                byMessageId.merge(m.getMessageID(), 1L, Long::sum);
        }
        long owed = 2L * recipients.size();
        return new Line(
                "share emails (link and code), delivered",
                owed,
                owed - byMessageId.size(),
                byMessageId.values().stream().filter(n -> n > 1).count());
    }

    private static Line auditedReads(Connection db, Collection<Traffic.Read> reads) throws SQLException {
        Map<String, Long> events = counts(
                db,
                "SELECT request_id, count(*) FROM audit_event WHERE request_id = ANY (?) GROUP BY 1",
                reads.stream().map(Traffic.Read::requestId).toList());
        // Which reads, when and where: what a failure needs to be understood.
        Map<String, Long> missing = new java.util.TreeMap<>();
        long first = reads.stream().mapToLong(Traffic.Read::answeredAt).min().orElse(0);
        for (Traffic.Read read : reads)
            if (!events.containsKey(read.requestId()))
                missing.merge(
                        read.kind() + " on :" + read.port() + " at "
                                + String.format("%04d", (read.answeredAt() - first) / 10_000_000_000L * 10)
                                + " s of the morning",
                        1L,
                        Long::sum);
        missing.forEach((where, n) -> System.out.println("  audited read without its event: " + n + " x " + where));
        return tally("audited reads answered, with their event", reads.size(), events);
    }

    private static Map<String, Long> counts(Connection db, String sql, List<String> keys) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("text", keys.toArray());
            s.setArray(1, array);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) counts.put(r.getString(1), r.getLong(2));
            }
        }
        return counts;
    }

    private static Line tally(String what, long owed, Map<String, Long> found) {
        return new Line(
                what,
                owed,
                owed - found.size(),
                found.values().stream().filter(n -> n > 1).count());
    }
}
