package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.messaging.Messaging;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Giving, seeing, sharing, withdrawing and raising views. Who stands how to the pupil is the access
 * rule's answer; which views that lets a person see is {@link Audience}.
 */
record PupilViews(
        Pool pool,
        Access access,
        ViewStore store,
        RequestStore requests,
        Boards boards,
        VoiceMedia media,
        Messaging messaging,
        Clock clock) {
    /** How the caller sees this pupil's views; 404 when they have no part in them. */
    Future<Audience> audience(Caller caller, UUID pupilId, boolean safeguarding) {
        return switch (caller.kind()) {
            case PUPIL -> access.require(caller, pupilId, Access.Action.GIVE_VIEWS)
                    .map(Audience.PUPIL);
            case PARENT -> access.require(caller, pupilId, Access.Action.GIVE_VIEWS)
                    .map(Audience.PARENT);
            case STAFF -> access.require(caller, pupilId, Access.Action.ASK_VIEWS)
                    .map(Audience.STAFF)
                    .recover(notStaff -> safeguarding
                            ? access.require(caller, pupilId, Access.Action.SAFEGUARD)
                                    .map(Audience.SAFEGUARDING)
                            : Future.failedFuture(notStaff));
        };
    }

    /** The views about a SEN support cycle the caller sees (none when they have no part in the pupil's views). */
    Future<JsonArray> aboutCycle(Caller caller, UUID pupilId, UUID cycleId) {
        return audience(caller, pupilId, false)
                .compose(a -> store.aboutCycle(pool, cycleId, a, caller.subject()))
                .recover(e -> e instanceof Problem p && p.type == ProblemType.NOT_FOUND
                        ? Future.succeededFuture(new JsonArray())
                        : Future.failedFuture(e));
    }

    /** The pupil's view, on their own device or recorded by staff who may ask for their views. */
    Future<SqlJson> submitPupils(Caller caller, UUID requestId, Given given) {
        Access.Action action = caller.kind() == Caller.Kind.STAFF ? Access.Action.ASK_VIEWS : Access.Action.GIVE_VIEWS;
        if (caller.kind() == Caller.Kind.PARENT)
            return Future.failedFuture(
                    new Problem(ProblemType.FORBIDDEN, "A parent adds their own view with submitParentView."));
        return request(caller, requestId, action)
                .compose(asked -> boards.board(pool, asked.schoolId()).compose(board -> {
                    Answers.Answer answer = Answers.pupils(caller, given, asked.request(), board);
                    return save(caller, asked, answer, board.shareAtOnce());
                }));
    }

    /** A parent's own view beside the pupil's, on a request that invites parents. */
    Future<SqlJson> submitParents(Caller caller, UUID requestId, Given given) {
        if (caller.kind() != Caller.Kind.PARENT)
            return Future.failedFuture(new Problem(ProblemType.FORBIDDEN, "This is for a parent's own view."));
        return request(caller, requestId, Access.Action.GIVE_VIEWS).compose(asked -> {
            if (!asked.request().getBoolean("inviteParents"))
                return Future.failedFuture(new Problem(
                        ProblemType.CONFLICT,
                        "This question is for the pupil; school has not asked parents to add theirs."));
            return boards.board(pool, asked.schoolId())
                    .compose(board -> save(caller, asked, Answers.parents(caller, given), board.shareAtOnce()));
        });
    }

    /** A views request and the school it was asked at (the pupil's). */
    private record Asked(JsonObject request, UUID requestId, UUID schoolId, UUID pupilId) {}

    /** The request, when the caller may answer it; 404 otherwise (a pupil answers only their own). */
    private Future<Asked> request(Caller caller, UUID requestId, Access.Action action) {
        return requests.one(pool, requestId, caller.schoolIds()).compose(request -> {
            if (request == null) return Future.failedFuture(Problem.notFound());
            return access.require(caller, request.pupilId(), action)
                    .map(p -> new Asked(request.json(), request.id(), p.schoolId(), request.pupilId()));
        });
    }

    private Future<SqlJson> save(Caller caller, Asked asked, Answers.Answer answer, boolean shareAtOnce) {
        UUID pupil = asked.pupilId();
        UUID requestId = asked.requestId();
        Instant now = clock.instant();
        return pool.withTransaction(tx -> (answer.mediaId() == null
                                ? Future.<Row>succeededFuture()
                                : media.requireOwnUnused(
                                        tx,
                                        caller,
                                        answer.mediaId(),
                                        answer.format().equals("audio"),
                                        "body.mediaId",
                                        asked.schoolId()))
                        .compose(m -> store.insert(
                                tx, asked.schoolId(), pupil, requestId, answer, caller.subject(), shareAtOnce, now)))
                .compose(id -> store.one(pool, id, Audience.STAFF, caller.subject()))
                .map(SqlJson::new);
    }

    Future<SqlJson> list(Caller caller, UUID pupilId) {
        return audience(caller, pupilId, false)
                .compose(audience -> store.list(pool, pupilId, audience, caller.subject(), 200))
                .map(SqlJson::items);
    }

    Future<SqlJson> one(Caller caller, UUID viewId) {
        return owned(caller, viewId, true)
                .compose(found -> store.one(pool, viewId, found.audience(), caller.subject()))
                .compose(PupilViews::orNotFound);
    }

    Future<SqlJson> share(Caller caller, UUID viewId) {
        return owned(caller, viewId, false)
                .compose(found -> {
                    if (found.audience() != Audience.STAFF) return Future.failedFuture(Problem.notFound());
                    Row view = found.view();
                    if (view.getValue("concern_at") != null)
                        return conflict(
                                "This view was raised with the safeguarding lead; it is not shared with parents.");
                    if (view.getValue("withdrawn_at") != null) return conflict("The pupil took this view back.");
                    Instant now = clock.instant();
                    UUID pupil = view.getUUID("pupil_id");
                    // The parents hear that something was shared (ids only); sharing again tells no one twice.
                    return pool.withTransaction(tx -> store.share(tx, viewId, caller.subject(), now)
                                    .compose(changed -> changed
                                            ? Outbox.toParentsNow(
                                                    tx,
                                                    caller.schoolId(),
                                                    Outbox.Notification.of("view-shared", viewId, "views"),
                                                    Access.Action.GIVE_VIEWS,
                                                    pupil,
                                                    now)
                                            : Future.succeededFuture(0)))
                            .compose(pushed -> store.one(pool, viewId, Audience.STAFF, caller.subject()));
                })
                .map(SqlJson::new);
    }

    /** The pupil takes back what they said, or a parent their own view; the school keeps it. */
    Future<SqlJson> withdraw(Caller caller, UUID viewId) {
        return owned(caller, viewId, false)
                .compose(found -> {
                    Row view = found.view();
                    boolean own =
                            switch (found.audience()) {
                                case PUPIL -> !view.getString("voice").equals("parent");
                                case PARENT -> view.getString("voice").equals("parent")
                                        && view.getUUID("submitted_by").equals(caller.subject());
                                default -> false;
                            };
                    if (!own || view.getValue("withdrawn_at") != null) return Future.failedFuture(Problem.notFound());
                    return store.withdraw(pool, viewId, clock.instant())
                            .compose(v -> store.one(pool, viewId, Audience.STAFF, caller.subject()));
                })
                .map(SqlJson::new);
    }

    /** Raises the view with the safeguarding lead: a concern, an urgent push, and never shared with parents. */
    Future<SqlJson> raiseConcern(Caller caller, UUID viewId, String note) {
        if (note.isBlank()) throw Problem.invalid("body.note", "Say what worries you.");
        Instant now = clock.instant();
        return owned(caller, viewId, false).compose(found -> {
            if (found.audience() != Audience.STAFF) return Future.failedFuture(Problem.notFound());
            UUID pupil = found.view().getUUID("pupil_id");
            return pool.withTransaction(tx -> store.raiseConcern(tx, viewId, now)
                            .compose(raised -> raised
                                    ? messaging.raiseConcernAboutView(tx, caller, pupil, viewId, note.strip(), now)
                                    : Future.failedFuture(new Problem(
                                            ProblemType.CONFLICT,
                                            "This view has already been raised with the safeguarding lead."))))
                    .compose(concern -> messaging.concern(concern, caller.schoolId()));
        });
    }

    private record Found(Row view, Audience audience) {}

    /** The view's row and how the caller sees its pupil; 404 when the caller may not see the view at all. */
    private Future<Found> owned(Caller caller, UUID viewId, boolean safeguarding) {
        return store.owner(pool, viewId, caller.schoolIds())
                .compose(view -> view == null
                        ? Future.failedFuture(Problem.notFound())
                        : audience(caller, view.getUUID("pupil_id"), safeguarding)
                                .compose(audience -> store.one(pool, viewId, audience, caller.subject())
                                        .compose(visible -> visible == null
                                                ? Future.failedFuture(Problem.notFound())
                                                : Future.succeededFuture(new Found(view, audience)))));
    }

    /** What the pupil's home screen shows of their voice: questions waiting, and what they have said. */
    Future<SqlJson> forPupilHome(UUID pupilId) {
        return requests.waitingForPupil(pool, pupilId)
                .compose(waiting -> store.list(pool, pupilId, Audience.PUPIL, pupilId, 10)
                        .map(views -> new JsonObject()
                                .put("questionsWaiting", waiting.size())
                                .put("myViews", views)))
                .map(SqlJson::new);
    }

    private static Future<SqlJson> orNotFound(JsonObject view) {
        return view == null
                ? Future.failedFuture(Problem.notFound())
                : Future.succeededFuture(view).map(SqlJson::new);
    }

    private static <T> Future<T> conflict(String detail) {
        return Future.failedFuture(new Problem(ProblemType.CONFLICT, detail));
    }
}
