package app.tandem.meetings;

import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Bookable slots, worked out when asked rather than stored: every slot-length step through the
 * first required person's availability where every required member of staff is available and free,
 * the pupil is free, and the room is free. A slot id names the round and the start time.
 */
final class SlotStore {
    record SlotRef(UUID roundId, Instant startsAt) {}

    private static final String QUERY =
            """
      WITH rp AS (
        SELECT p.round_id, p.staff_ids, r.slot_minutes * interval '1 minute' AS len
        FROM round_pupil p JOIN review_round r ON r.id = p.round_id
        WHERE p.pupil_id = $1 AND ($2::uuid IS NULL OR p.round_id = $2) AND r.booking_closes_at > $3),
      candidate AS (
        SELECT rp.round_id, rp.staff_ids, a.place, a.place_kind, tstzrange(s, s + rp.len, '[)') AS during
        FROM rp JOIN availability a ON a.round_id = rp.round_id AND a.staff_id = rp.staff_ids[1]
        CROSS JOIN LATERAL generate_series(lower(a.during), upper(a.during) - rp.len, rp.len) AS s)
      SELECT c.round_id, lower(c.during) AS starts_at, upper(c.during) AS ends_at, c.place, c.place_kind
      FROM candidate c
      WHERE lower(c.during) > $3 AND ($4::timestamptz IS NULL OR lower(c.during) = $4)
        AND NOT EXISTS (SELECT 1 FROM unnest(c.staff_ids) AS x (id) WHERE NOT EXISTS (
              SELECT 1 FROM availability b WHERE b.round_id = c.round_id AND b.staff_id = x.id AND b.during @> c.during))
        AND NOT EXISTS (SELECT 1 FROM meeting_staff ms WHERE ms.staff_id = ANY (c.staff_ids) AND NOT ms.cancelled AND ms.during && c.during)
        AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.pupil_id = $1 AND m.status <> 'cancelled' AND m.during && c.during)
        AND NOT (c.place_kind = 'room' AND EXISTS (SELECT 1 FROM meeting m WHERE m.place = c.place AND m.place_kind = 'room'
                                                   AND m.status <> 'cancelled' AND m.during && c.during))
      ORDER BY lower(c.during) LIMIT 500""";

    private SlotStore() {}

    /** The pupil's free slots now (in one round, or all rounds still open). */
    static Future<JsonArray> free(SqlClient sql, UUID pupilId, UUID roundId, Instant now) {
        return sql.preparedQuery(QUERY)
                .execute(Tuple.of(pupilId, roundId, Requests.utc(now), null))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(json(r));
                    return items;
                });
    }

    /**
     * Everything a booking needs to know about a slot, read at once: the pupil's place in the round
     * (its window, staff and whether parents meet separately), the slot if it is still free, whether
     * the time was ever offered (inside the first required person's availability, on a slot
     * boundary), and the meeting this pupil already has in the round for this parent ($5: the
     * parent booking, or null when staff book). No row when the pupil is not in the round.
     */
    private static final String BOOKABLE =
            """
      SELECT p.school_id, r.booking_opens_at, r.booking_closes_at, p.staff_ids, p.separate_meetings,
             f.starts_at, f.ends_at, f.place, f.place_kind,
             EXISTS (SELECT 1 FROM availability a
                     WHERE a.round_id = r.id AND a.staff_id = p.staff_ids[1]
                       AND a.during @> tstzrange($4::timestamptz, $4::timestamptz + r.slot_minutes * interval '1 minute', '[)')
                       AND mod(extract(epoch FROM $4::timestamptz - lower(a.during))::bigint, r.slot_minutes * 60) = 0) AS offered,
             (SELECT m.id FROM meeting m
              WHERE m.round_id = r.id AND m.pupil_id = p.pupil_id AND m.status = 'booked'
                AND m.for_parent IS NOT DISTINCT FROM CASE WHEN p.separate_meetings THEN $5::uuid END LIMIT 1) AS booked_id
      FROM review_round r JOIN round_pupil p ON p.round_id = r.id
      LEFT JOIN LATERAL ("""
                    + QUERY + """
      ) f ON true
      WHERE r.id = $2 AND p.pupil_id = $1""";

    /** What {@link #BOOKABLE} found; null when the pupil is not in the slot's round. */
    static Future<Row> bookable(SqlClient sql, UUID pupilId, SlotRef slot, Instant now, UUID parent) {
        return sql.preparedQuery(BOOKABLE)
                .execute(Tuple.of(pupilId, slot.roundId(), Requests.utc(now), Requests.utc(slot.startsAt()), parent))
                .map(Sql::first);
    }

    static JsonObject json(Row r) {
        UUID round = r.getUUID("round_id");
        Instant starts = r.getOffsetDateTime("starts_at").toInstant();
        return new JsonObject()
                .put("slotId", encode(new SlotRef(round, starts)))
                .put("roundId", round.toString())
                .put("startsAt", starts.toString())
                .put("endsAt", r.getOffsetDateTime("ends_at").toInstant().toString())
                .put("place", r.getString("place"))
                .put("placeKind", r.getString("place_kind"));
    }

    static String encode(SlotRef slot) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        (slot.roundId() + ":" + slot.startsAt().getEpochSecond()).getBytes(StandardCharsets.UTF_8));
    }

    /** The slot a client was given; 400 naming the field for anything else. */
    static SlotRef decode(String slotId, String field) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(slotId), StandardCharsets.UTF_8).split(":");
            return new SlotRef(UUID.fromString(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1])));
        } catch (RuntimeException ex) {
            throw Problem.invalid(field, "is not a slot this server offered.");
        }
    }
}
