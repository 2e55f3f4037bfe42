package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.access.Access.PupilRef;
import app.tandem.notices.Notices;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writing the SEND record: class teacher and SENCO write, parents and the pupil read. Each write is
 * one transaction with its entry in the change log; nothing is overwritten or deleted.
 */
final class RecordService {
  private final Pool pool;
  private final RecordStore store;
  private final Access access;
  private final Notices notices;
  private final Clock clock;

  RecordService(Pool pool, RecordStore store, Access access, Notices notices, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.access = access;
    this.notices = notices;
    this.clock = clock;
  }

  private Future<PupilRef> writer(Caller caller, UUID pupilId) {
    return access.require(caller, pupilId, Access.Action.WRITE_RECORD);
  }

  private Future<PupilRef> reader(Caller caller, UUID pupilId) {
    return access.require(caller, pupilId, Access.Action.READ_RECORD);
  }

  private LocalDate today() {
    return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  // --- reading

  Future<JsonObject> record(Caller caller, UUID pupilId) {
    boolean staff = caller.isStaff();
    return reader(caller, pupilId).compose(p -> store.status(pool, pupilId).compose(status -> {
      String name = (String) status.remove("_name");
      return store.needs(pool, pupilId).compose(needs -> store.outcomes(pool, pupilId, staff).compose(outcomes ->
          store.provision(pool, pupilId).compose(provision -> store.cycles(pool, pupilId).map(cycles -> new JsonObject()
              .put("pupil", new JsonObject().put("id", pupilId.toString()).put("name", name))
              .put("senStatus", RecordViews.utc(status)).put("needs", needs).put("outcomes", RecordViews.outcomes(outcomes))
              .put("provision", provision).put("cycles", cycles)))));
    }));
  }

  Future<JsonObject> outcomes(Caller caller, UUID pupilId) {
    return reader(caller, pupilId).compose(p -> store.outcomes(pool, pupilId, caller.isStaff()))
        .map(items -> new JsonObject().put("items", RecordViews.outcomes(items)));
  }

  Future<JsonObject> provision(Caller caller, UUID pupilId) {
    return reader(caller, pupilId).compose(p -> store.provision(pool, pupilId)).map(items -> new JsonObject().put("items", items));
  }

  Future<JsonObject> cycles(Caller caller, UUID pupilId) {
    return reader(caller, pupilId).compose(p -> store.cycles(pool, pupilId)).map(items -> new JsonObject().put("items", items));
  }

  // --- SEN status

  Future<JsonObject> setStatus(Caller caller, UUID pupilId, JsonObject body) {
    String status = body.getString("status");
    LocalDate issued = RecordStore.date(body.getString("planIssuedOn"));
    LocalDate reviewDue = RecordStore.date(body.getString("planReviewDue"));
    String authority = body.getString("localAuthority");
    boolean plan = status.equals("ehc-plan");
    if (plan && issued == null) throw Problem.invalid("body.planIssuedOn", "An EHC plan needs the date it was issued.");
    if (plan && authority == null) throw Problem.invalid("body.localAuthority", "An EHC plan needs the local authority that issued it.");
    if (!plan && (issued != null || reviewDue != null || authority != null)) {
      throw Problem.invalid("body.status", "Plan dates and a local authority belong to an EHC plan.");
    }
    if (reviewDue != null && !reviewDue.isAfter(issued)) throw Problem.invalid("body.planReviewDue", "must be after planIssuedOn.");
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery(
                "SELECT sen_status, coalesce(preferred_name, first_name) AS name FROM pupil WHERE id = $1 FOR UPDATE")
            .execute(Tuple.of(pupilId)).compose(rows -> {
              Row current = rows.iterator().next();
              if (current.getString("sen_status").equals(status) && !plan) {
                return Future.failedFuture(Problem.conflict("The pupil's status is already " + status + "."));
              }
              Future<UUID> notice = status.equals("sen-support") && !current.getString("sen_status").equals("sen-support")
                  ? notices.sendFormal(tx, pupil.schoolId(), pupilId, caller.subject(),
                      current.getString("name") + " is now receiving SEN support",
                      body.getString("noticeText", "We have agreed that " + current.getString("name") + " will receive SEN support. "
                          + "We will meet with you three times a year to agree what " + current.getString("name")
                          + " is working towards and to review how the support is going."), now)
                  : Future.succeededFuture();
              return notice.compose(noticeId -> tx.preparedQuery("""
                      INSERT INTO sen_status_change (school_id, pupil_id, status, plan_issued_on, plan_review_due, local_authority, note,
                                                     changed_by, changed_at)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
                  .execute(Tuple.from(new Object[] {pupil.schoolId(), pupilId, status, issued, reviewDue, authority, body.getString("note"),
                      caller.subject(), Requests.utc(now)}))
                  .compose(ins -> tx.preparedQuery("UPDATE pupil SET sen_status = $2 WHERE id = $1").execute(Tuple.of(pupilId, status))
                      .compose(v -> store.log(tx, pupil.schoolId(), pupilId, "senStatus", ins.iterator().next().getUUID("id"), "changed",
                          new JsonObject().put("from", current.getString("sen_status")).put("to", status), caller.subject(), now)))
                  .map(noticeId));
            })))
        .compose(noticeId -> store.status(pool, pupilId).map(json -> {
          json.remove("_name");
          if (noticeId != null) json.put("formalNoticeId", noticeId.toString());
          return RecordViews.utc(json);
        }));
  }

  // --- needs

  Future<JsonObject> addNeed(Caller caller, UUID pupilId, JsonObject body) {
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO need (school_id, pupil_id, area, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
        .execute(Tuple.of(pupil.schoolId(), pupilId, body.getString("area"), body.getString("description").strip(), caller.subject(),
            Requests.utc(now)))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> store.log(tx, pupil.schoolId(), pupilId, "need", id, "added", body, caller.subject(), now)
            .compose(v -> store.need(tx, pupilId, id)))));
  }

  Future<JsonObject> endNeed(Caller caller, UUID pupilId, UUID needId) {
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE need SET ended_at = $3 WHERE id = $1 AND pupil_id = $2 AND ended_at IS NULL RETURNING id""")
        .execute(Tuple.of(needId, pupilId, Requests.utc(now)))
        .compose(rows -> rows.size() == 1
            ? store.log(tx, pupil.schoolId(), pupilId, "need", needId, "ended", new JsonObject(), caller.subject(), now)
                .compose(v -> store.need(tx, pupilId, needId))
            : store.need(tx, pupilId, needId).compose(need -> Future.failedFuture(need == null ? Problem.notFound()
                : Problem.conflict("This need has already ended."))))));
  }

  // --- outcomes and progress

  Future<JsonObject> addOutcome(Caller caller, UUID pupilId, JsonObject body) {
    LocalDate starts = body.getString("startsOn") == null ? today() : LocalDate.parse(body.getString("startsOn"));
    LocalDate review = LocalDate.parse(body.getString("reviewOn"));
    if (!review.isAfter(starts)) throw Problem.invalid("body.reviewOn", "must be after the outcome starts.");
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO outcome (school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
        .execute(Tuple.from(new Object[] {pupil.schoolId(), pupilId, body.getString("area"), body.getString("title").strip(),
            body.getString("pupilTitle").strip(), body.getString("symbol"),
            body.getJsonArray("agreedWith").stream().map(Object::toString).toArray(String[]::new), starts, review, caller.subject(),
            Requests.utc(now)}))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> store.log(tx, pupil.schoolId(), pupilId, "outcome", id, "added", body, caller.subject(), now)
            .compose(v -> store.outcome(tx, pupilId, id, true)))))
        .map(RecordViews::outcome);
  }

  Future<JsonObject> closeOutcome(Caller caller, UUID pupilId, UUID outcomeId, JsonObject body) {
    String result = body.getString("result");
    UUID replacedBy = body.getString("replacedBy") == null ? null : UUID.fromString(body.getString("replacedBy"));
    if (result.equals("replaced") != (replacedBy != null)) {
      throw Problem.invalid("body.replacedBy", "is given when, and only when, the result is replaced.");
    }
    if (outcomeId.equals(replacedBy)) throw Problem.invalid("body.replacedBy", "cannot be the outcome itself.");
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
        .compose(v -> replacedBy == null ? Future.succeededFuture() : tx.preparedQuery("SELECT 1 FROM outcome WHERE id = $1 AND pupil_id = $2")
            .execute(Tuple.of(replacedBy, pupilId)).compose(rows -> rows.size() == 1 ? Future.succeededFuture()
                : Future.failedFuture(Problem.invalid("body.replacedBy", "is not an outcome of this pupil."))))
        .compose(v -> tx.preparedQuery("""
                UPDATE outcome SET closed_at = $3, closed_by = $4, result = $5, replaced_by = $6, closing_note = $7
                WHERE id = $1 AND pupil_id = $2""")
            .execute(Tuple.from(new Object[] {outcomeId, pupilId, Requests.utc(now), caller.subject(), result, replacedBy, body.getString("note")})))
        .compose(v -> store.log(tx, pupil.schoolId(), pupilId, "outcome", outcomeId, "closed", body, caller.subject(), now))
        .compose(v -> store.outcome(tx, pupilId, outcomeId, true))))
        .map(RecordViews::outcome);
  }

  /** The outcome, locked; 404 when it is not this pupil's, 409 when it is already closed. */
  private Future<Void> openOutcome(SqlClient tx, UUID pupilId, UUID outcomeId) {
    return tx.preparedQuery("SELECT closed_at FROM outcome WHERE id = $1 AND pupil_id = $2 FOR UPDATE").execute(Tuple.of(outcomeId, pupilId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
          if (rows.iterator().next().getValue("closed_at") != null) return Future.failedFuture(Problem.conflict("This outcome is already closed."));
          return Future.succeededFuture();
        });
  }

  Future<JsonObject> addProgress(Caller caller, UUID pupilId, UUID outcomeId, JsonObject body) {
    LocalDate on = body.getString("recordedOn") == null ? today() : LocalDate.parse(body.getString("recordedOn"));
    if (on.isAfter(today())) throw Problem.invalid("body.recordedOn", "is in the future.");
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
        .compose(v -> tx.preparedQuery("""
                INSERT INTO progress (school_id, outcome_id, rating, note, staff_only, recorded_on, recorded_by, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
            .execute(Tuple.from(new Object[] {pupil.schoolId(), outcomeId, body.getInteger("rating"), body.getString("note"),
                body.getBoolean("staffOnly", false), on, caller.subject(), Requests.utc(now)})))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> store.log(tx, pupil.schoolId(), pupilId, "progress", id, "recorded", body.copy().put("outcomeId", outcomeId.toString()),
                caller.subject(), now)
            .compose(v -> store.outcome(tx, pupilId, outcomeId, true))
            .map(outcome -> outcome.getJsonArray("progress").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("id").equals(id.toString())).findFirst().orElseThrow()))));
  }

  Future<JsonObject> comment(Caller caller, UUID pupilId, UUID outcomeId, UUID progressId, String text) {
    // Comments are the parents' voice on the record; for anyone else there is nothing here to comment on.
    if (caller.kind() != Caller.Kind.PARENT) return Future.failedFuture(Problem.notFound());
    Instant now = clock.instant();
    return reader(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO progress_comment (progress_id, author_id, text, created_at)
            SELECT g.id, $4, $5, $6 FROM progress g JOIN outcome o ON o.id = g.outcome_id
            WHERE g.id = $1 AND o.id = $2 AND o.pupil_id = $3 AND NOT g.staff_only RETURNING id""")
        .execute(Tuple.from(new Object[] {progressId, outcomeId, pupilId, caller.subject(), text.strip(), Requests.utc(now)}))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound()) : store.log(tx, pupil.schoolId(), pupilId,
                "progressComment", rows.iterator().next().getUUID("id"), "added", new JsonObject().put("progressId", progressId.toString()),
                caller.subject(), now)
            .compose(v -> tx.preparedQuery("""
                    SELECT c.id, u.display_name, c.text, c.created_at FROM progress_comment c JOIN app_user u ON u.id = c.author_id
                    WHERE c.id = $1""").execute(Tuple.of(rows.iterator().next().getUUID("id"))))
            .map(found -> {
              Row r = found.iterator().next();
              return new JsonObject().put("id", r.getUUID("id").toString()).put("authorName", r.getString("display_name"))
                  .put("text", r.getString("text")).put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
            }))));
  }

  // --- provision

  Future<JsonObject> addProvision(Caller caller, UUID pupilId, JsonObject body) {
    LocalDate starts = LocalDate.parse(body.getString("startsOn"));
    LocalDate ends = RecordStore.date(body.getString("endsOn"));
    if (ends != null && !ends.isAfter(starts)) throw Problem.invalid("body.endsOn", "must be after startsOn.");
    List<UUID> outcomes = ids(body.getJsonArray("outcomeIds"));
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> requireOutcomes(tx, pupilId, outcomes, "body.outcomeIds")
        .compose(v -> tx.preparedQuery("""
                INSERT INTO provision (school_id, pupil_id, name, description, pupil_description, frequency, delivered_by, starts_on, ends_on,
                                       created_by, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
            .execute(Tuple.from(new Object[] {pupil.schoolId(), pupilId, body.getString("name"), body.getString("description"),
                body.getString("pupilDescription"), body.getString("frequency"), body.getString("deliveredBy"), starts, ends,
                caller.subject(), Requests.utc(now)})))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> tx.preparedQuery("INSERT INTO provision_outcome (provision_id, outcome_id) SELECT $1, unnest($2::uuid[])")
            .execute(Tuple.tuple().addUUID(id).addArrayOfUUID(outcomes.toArray(UUID[]::new)))
            .compose(v -> store.log(tx, pupil.schoolId(), pupilId, "provision", id, "added", body, caller.subject(), now))
            .compose(v -> store.oneProvision(tx, pupilId, id)))));
  }

  Future<JsonObject> logSession(Caller caller, UUID pupilId, UUID provisionId, JsonObject body) {
    LocalDate on = LocalDate.parse(body.getString("heldOn"));
    if (on.isAfter(today())) throw Problem.invalid("body.heldOn", "is in the future.");
    boolean delivered = body.getBoolean("delivered");
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE provision SET sessions_planned = sessions_planned + 1, sessions_delivered = sessions_delivered + $3::int
            WHERE id = $1 AND pupil_id = $2 RETURNING starts_on""")
        .execute(Tuple.of(provisionId, pupilId, delivered ? 1 : 0))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
          if (on.isBefore(rows.iterator().next().getLocalDate("starts_on"))) {
            return Future.failedFuture(Problem.invalid("body.heldOn", "is before the support started."));
          }
          return tx.preparedQuery("""
                  INSERT INTO provision_session (provision_id, held_on, delivered, note, recorded_by, created_at)
                  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provision_id, held_on) DO NOTHING RETURNING id""")
              .execute(Tuple.from(new Object[] {provisionId, on, delivered, body.getString("note"), caller.subject(), Requests.utc(now)}))
              .compose(ins -> ins.size() == 0 ? Future.failedFuture(Problem.conflict("A session on that day is already logged."))
                  : store.log(tx, pupil.schoolId(), pupilId, "provisionSession", ins.iterator().next().getUUID("id"), "logged", body,
                      caller.subject(), now));
        })
        .compose(v -> store.oneProvision(tx, pupilId, provisionId))));
  }

  // --- cycles

  Future<JsonObject> openCycle(Caller caller, UUID pupilId, JsonObject body) {
    LocalDate opened = body.getString("openedOn") == null ? today() : LocalDate.parse(body.getString("openedOn"));
    LocalDate review = LocalDate.parse(body.getString("reviewOn"));
    if (!review.isAfter(opened)) throw Problem.invalid("body.reviewOn", "must be after the cycle opens.");
    List<UUID> outcomes = ids(body.getJsonArray("outcomeIds"));
    List<UUID> provision = ids(body.getJsonArray("provisionIds"));
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> app.tandem.platform.Sql.conflictOnDuplicate(pool.withTransaction(tx ->
        requireOutcomes(tx, pupilId, outcomes, "body.outcomeIds")
            .compose(v -> requireProvision(tx, pupilId, provision))
            .compose(v -> tx.preparedQuery("""
                    INSERT INTO review_cycle (school_id, pupil_id, opened_on, review_on, opened_by, outcome_ids, provision_ids)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                .execute(Tuple.tuple().addUUID(pupil.schoolId()).addUUID(pupilId).addLocalDate(opened).addLocalDate(review)
                    .addUUID(caller.subject()).addArrayOfUUID(outcomes.toArray(UUID[]::new)).addArrayOfUUID(provision.toArray(UUID[]::new))))
            .map(rows -> rows.iterator().next().getUUID("id"))
            .compose(id -> store.log(tx, pupil.schoolId(), pupilId, "cycle", id, "opened", body, caller.subject(), now)
                .compose(v -> store.cycle(tx, pupilId, id)))), "This pupil already has an open cycle: close it with its review first."));
  }

  Future<JsonObject> closeCycle(Caller caller, UUID pupilId, UUID cycleId, String record) {
    Instant now = clock.instant();
    return writer(caller, pupilId).compose(pupil -> pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE review_cycle SET closed_at = $3, closed_by = $4, review_record = $5
            WHERE id = $1 AND pupil_id = $2 AND closed_at IS NULL RETURNING id""")
        .execute(Tuple.from(new Object[] {cycleId, pupilId, Requests.utc(now), caller.subject(), record.strip()}))
        .compose(rows -> rows.size() == 1
            ? store.log(tx, pupil.schoolId(), pupilId, "cycle", cycleId, "closed", new JsonObject(), caller.subject(), now)
                .compose(v -> store.cycle(tx, pupilId, cycleId))
            : store.cycle(tx, pupilId, cycleId).compose(c -> Future.failedFuture(c == null ? Problem.notFound()
                : Problem.conflict("This cycle is already closed."))))));
  }

  // --- change log

  Future<JsonObject> changes(Caller caller, UUID pupilId, int limit, String cursor) {
    long before = cursor == null ? Long.MAX_VALUE : app.tandem.platform.Cursor.decode(cursor, 1).getLong(0);
    return writer(caller, pupilId).compose(p -> pool.preparedQuery("""
            SELECT r.id, r.entity, r.entity_id, r.action, r.detail, u.display_name, r.changed_at
            FROM record_change r JOIN app_user u ON u.id = r.changed_by
            WHERE r.pupil_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3""")
        .execute(Tuple.of(pupilId, before, limit + 1)))
        .map(rows -> app.tandem.platform.Page.of(rows, limit, r -> new JsonObject().put("entity", r.getString("entity"))
            .put("entityId", r.getUUID("entity_id").toString()).put("action", r.getString("action"))
            .put("changedBy", r.getString("display_name")).put("changedAt", r.getOffsetDateTime("changed_at").toInstant().toString())
            .put("detail", RecordStore.json(r.getValue("detail"))), last -> app.tandem.platform.Cursor.encode(last.getLong("id"))));
  }

  private static Future<Void> requireOutcomes(SqlClient tx, UUID pupilId, List<UUID> ids, String field) {
    if (ids.isEmpty()) return Future.succeededFuture();
    return tx.preparedQuery("SELECT count(*) FROM outcome WHERE id = ANY($1) AND pupil_id = $2")
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addUUID(pupilId))
        .compose(rows -> rows.iterator().next().getInteger(0) == ids.size() ? Future.<Void>succeededFuture()
            : Future.failedFuture(Problem.invalid(field, "includes an outcome that is not this pupil's.")));
  }

  private static Future<Void> requireProvision(SqlClient tx, UUID pupilId, List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture();
    return tx.preparedQuery("SELECT count(*) FROM provision WHERE id = ANY($1) AND pupil_id = $2")
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addUUID(pupilId))
        .compose(rows -> rows.iterator().next().getInteger(0) == ids.size() ? Future.<Void>succeededFuture()
            : Future.failedFuture(Problem.invalid("body.provisionIds", "includes support that is not this pupil's.")));
  }

  private static List<UUID> ids(JsonArray array) {
    return array == null ? List.of() : array.stream().map(o -> UUID.fromString(o.toString())).toList();
  }
}
