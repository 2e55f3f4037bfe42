package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Readability;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Staff ask for pupils' views: one request per pupil, for named pupils, a class or the SEN register,
 * in one transaction with its pushes (the pupil's own devices, and the parents when invited).
 */
record ViewsRequests(Pool pool, Access access, RequestStore store, VoiceMedia media, Clock clock) {
    /** What a question may be about, and the table its id must be a row of for the pupil. */
    private static final Map<String, String[]> ABOUT_ROWS = Map.of(
            "outcome", new String[] {"outcomeId", "outcome"},
            "meeting", new String[] {"meetingId", "meeting"},
            "annual-review", new String[] {"annualReviewId", "annual_review"},
            "cycle", new String[] {"cycleId", "review_cycle_dates"});

    Future<SqlJson> create(Caller caller, Asking body) {
        caller.requireStaff();
        validate(body);
        Instant now = clock.instant();
        UUID batch = UUID.randomUUID();
        return store.askable(pool, caller.subject(), caller.schoolId(), body.forWhom())
                .compose(pupils -> {
                    List<UUID> named = body.forWhom().pupilIds();
                    if (pupils.isEmpty() || (named != null && pupils.size() != named.size()))
                        return Future.failedFuture(Problem.notFound());
                    return pool.withTransaction(tx -> checkReferences(tx, caller, body, pupils)
                            .compose(v ->
                                    store.insert(tx, caller.schoolId(), batch, caller.subject(), pupils, body, now))
                            .compose(items -> push(tx, caller.schoolId(), batch, pupils, body.inviteParents(), now)
                                    .map(items)));
                })
                .map(items -> new JsonObject()
                        .put("batchId", batch.toString())
                        .put("count", items.size())
                        .put("readability", new JsonObject().put("grade", Readability.grade(body.question())))
                        .put("items", withReadability(items)))
                .map(SqlJson::new);
    }

    private static void validate(Asking body) {
        Set<String> formats = new HashSet<>(body.formats());
        if (formats.contains("scale") != (body.scalePoints() != null))
            throw Problem.invalid("body.scalePoints", "is needed with the scale format, and only with it.");
        if (formats.contains("talking-mat") != (body.matCards() != null))
            throw Problem.invalid("body.matCards", "are needed with the talking-mat format, and only with it.");
        JsonArray cards = body.matCards() == null ? new JsonArray() : body.matCards();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cards.size(); i++) {
            if (!ids.add(cards.getJsonObject(i).getString("id")))
                throw Problem.invalid("body.matCards[" + i + "].id", "is used by another card.");
        }
        Asking.About about = body.about();
        String kind = about.kind();
        for (Map.Entry<String, String[]> row : ABOUT_ROWS.entrySet()) {
            String field = row.getValue()[0];
            if (row.getKey().equals(kind) != (about.id(field) != null))
                throw Problem.invalid(
                        "body.about." + field,
                        "is needed when the question is about a " + row.getKey() + ", and only then.");
        }
        if (kind.equals("profile") != (about.heading() != null))
            throw Problem.invalid("body.about.heading", "is needed for the one-page profile, and only then.");
        if (ABOUT_ROWS.containsKey(kind) && body.forWhom().pupilIds() == null)
            throw Problem.invalid("body.for", "A question about one " + kind + " is for its one pupil.");
    }

    /** The question's recording is the caller's own; an outcome, meeting or review is the pupil's. */
    private Future<Void> checkReferences(SqlClient tx, Caller caller, Asking body, List<UUID> pupils) {
        Future<Void> audio = body.questionAudioId() == null
                ? Future.succeededFuture()
                : media.requireOwnUnused(
                                tx, caller, body.questionAudioId(), true, "body.questionAudioId", caller.schoolId())
                        .mapEmpty();
        Asking.About about = body.about();
        String[] row = ABOUT_ROWS.get(about.kind());
        if (row == null) return audio;
        if (pupils.size() != 1)
            return Future.failedFuture(Problem.invalid(
                    "body.for.pupilIds", "A question about one " + about.kind() + " is for its one pupil."));
        return audio.compose(v -> store.belongsTo(tx, row[1], about.id(row[0]), pupils.get(0)))
                .compose(ok -> ok
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid("body.about." + row[0], "is not this pupil's.")));
    }

    /**
     * Asks the pupil and the parents for their views (about a SEN support cycle as it opens, or
     * generally), in the caller's transaction, with the same pushes as any request.
     */
    Future<Void> askFamily(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            Asking.About about,
            UUID askedBy,
            Voice.CycleQuestion q,
            Instant now) {
        Asking body = Asking.family(q.question(), q.formats(), q.scalePoints(), about);
        UUID batch = UUID.randomUUID();
        return store.insert(tx, schoolId, batch, askedBy, List.of(pupilId), body, now)
                .compose(items -> push(tx, schoolId, batch, List.of(pupilId), true, now))
                .mapEmpty();
    }

    /** Content-free pushes: "Your teacher would like to know what you think", and to invited parents. */
    private static Future<Integer> push(
            SqlClient tx, UUID schoolId, UUID batch, List<UUID> pupils, boolean parents, Instant now) {
        Future<Integer> toPupils =
                Outbox.enqueue(tx, schoolId, Outbox.Notification.of("views-request", batch, "views"), pupils, now);
        if (!parents) return toPupils;
        return toPupils.compose(n -> Outbox.toParents(
                tx,
                schoolId,
                Outbox.Notification.of("views-request-parent", batch, "views"),
                Access.Action.GIVE_VIEWS,
                pupils,
                List.of(now),
                now));
    }

    /** A pupil's unanswered questions, or the requests that invite a parent. */
    Future<SqlJson> mine(Caller caller) {
        Future<JsonArray> items =
                switch (caller.kind()) {
                    case PUPIL -> access.require(caller, caller.subject(), Access.Action.GIVE_VIEWS)
                            .compose(pupil -> store.waitingForPupil(pool, caller.subject()));
                    case PARENT -> store.invitingParent(pool, caller.subject());
                    case STAFF -> throw new Problem(
                            ProblemType.FORBIDDEN,
                            "Staff see a pupil's requests and views on the pupil (listPupilViews).");
                };
        return items.map(list -> new JsonObject().put("items", withReadability(list)))
                .map(SqlJson::new);
    }

    static JsonArray withReadability(JsonArray requests) {
        for (Object r : requests) {
            JsonObject request = (JsonObject) r;
            request.put("readability", new JsonObject().put("grade", Readability.grade(request.getString("question"))));
        }
        return requests;
    }
}
