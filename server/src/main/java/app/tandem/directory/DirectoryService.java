package app.tandem.directory;

import app.tandem.access.Access;
import app.tandem.directory.DirectoryAnswers.ParentLink;
import app.tandem.directory.DirectoryAnswers.Pupil;
import app.tandem.directory.DirectoryAnswers.SchoolClass;
import app.tandem.directory.DirectoryAnswers.Settings;
import app.tandem.directory.DirectoryAnswers.Staff;
import app.tandem.identity.Identity;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Cursor;
import app.tandem.platform.Items;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Managing the school's directory. Every change that affects who may see what is announced to all
 * replicas in its own transaction, and this replica forgets its cached decisions at once.
 */
record DirectoryService(Pool pool, DirectoryStore store, Access access, Identity identity, Runnable forgetLocally) {
    /** Runs a change in a transaction that also announces it, then forgets cached decisions here. */
    private <T> Future<T> changing(java.util.function.Function<SqlClient, Future<T>> work) {
        return pool.withTransaction(tx -> work.apply(tx)
                        .compose(result -> DirectoryChanges.announce(tx).map(result)))
                .onSuccess(done -> forgetLocally.run());
    }

    // --- the trust

    /** The schools of the caller's trust, for its SEND lead. */
    Future<SqlJson> trustSchools(Caller caller) {
        caller.requireStaff(Role.TRUST_SEND_LEAD);
        return store.trustSchools(pool, caller.schoolId());
    }

    // --- school settings

    Future<Settings> settings(Caller caller) {
        caller.requireStaff();
        return store.settings(pool, caller.schoolId());
    }

    Future<Settings> updateSettings(Caller caller, DirectoryRequests.SettingsChange change) {
        caller.requireStaff(Role.ADMIN);
        String zone = change.timeZone();
        if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
            return Future.failedFuture(Problem.invalid("body.timeZone", "is not a time zone (e.g. Europe/London)."));
        }
        return store.updateSettings(pool, caller.schoolId(), change.requireStaffMfa(), zone);
    }

    // --- staff

    Future<Page<Staff>> listStaff(Caller caller, int limit, String cursor) {
        caller.requireStaff(Role.ADMIN);
        JsonArray after = cursor == null ? null : Cursor.decode(cursor, 2);
        return store.staffPage(
                pool,
                caller.schoolId(),
                after == null ? null : after.getString(0),
                after == null ? null : UUID.fromString(after.getString(1)),
                limit);
    }

    Future<DirectoryAnswers.NewStaff> createStaff(Caller caller, DirectoryRequests.NewStaff body) {
        caller.requireStaff(Role.ADMIN);
        String email = body.email();
        return Sql.conflictOnDuplicate(
                changing(tx -> store.newStaff(tx, caller.schoolId(), email, body.displayName(), body.roles())
                        .compose(staff -> {
                            return identity.setupCode(
                                            tx,
                                            caller.schoolId(),
                                            staff.id(),
                                            staff.displayName(),
                                            email,
                                            caller.subject())
                                    .map(code -> new DirectoryAnswers.NewStaff(code, staff));
                        })),
                "Someone already has an account with this email.");
    }

    Future<Staff> updateStaff(Caller caller, UUID staffId, DirectoryRequests.StaffChange change) {
        caller.requireStaff(Role.ADMIN);
        if (staffId.equals(caller.subject()) && change.dropsAdmin()) {
            return Future.failedFuture(Problem.conflict("You cannot remove your own admin role; ask another admin."));
        }
        return changing(tx -> store.updateStaff(tx, staffId, caller.schoolId(), change.displayName(), change.roles())
                .compose(found -> !found
                        ? Future.failedFuture(Problem.notFound())
                        : store.staff(tx, caller.schoolId(), staffId)));
    }

    Future<Void> deactivateStaff(Caller caller, UUID staffId) {
        caller.requireStaff(Role.ADMIN);
        if (staffId.equals(caller.subject()))
            return Future.failedFuture(Problem.conflict("You cannot deactivate yourself."));
        return deactivate(caller, staffId, "staff");
    }

    /**
     * Stops an account of this school; 404 when there is none of that kind. Its sessions end with
     * it on every device: identity's trigger on `app_user` does that, whatever stops an account.
     */
    private Future<Void> deactivate(Caller caller, UUID userId, String kind) {
        return changing(tx -> store.deactivateAccount(tx, caller.schoolId(), userId, kind)
                .compose(found -> found ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.notFound())));
    }

    // --- classes

    Future<Items<SchoolClass>> listClasses(Caller caller) {
        caller.requireStaff();
        return store.classes(pool, caller.schoolId()).map(Items::of);
    }

    Future<SchoolClass> createClass(Caller caller, DirectoryRequests.NewClass body) {
        caller.requireStaff(Role.ADMIN);
        List<UUID> teachers = body.teacherIds();
        return Sql.conflictOnDuplicate(
                changing(tx -> requireStaff(tx, caller, teachers)
                        .compose(v -> store.newClass(tx, caller.schoolId(), body.name(), body.yearGroup()))
                        .compose(id -> {
                            return store.setTeachers(tx, id, teachers)
                                    .compose(v -> classById(tx, caller.schoolId(), id));
                        })),
                "There is already a class with this name.");
    }

    Future<SchoolClass> updateClass(Caller caller, UUID classId, DirectoryRequests.ClassChange change) {
        caller.requireStaff(Role.ADMIN);
        List<UUID> teachers = change.teacherIds();
        return Sql.conflictOnDuplicate(
                changing(tx -> store.updateClass(tx, classId, caller.schoolId(), change.name(), change.yearGroup())
                        .compose(found -> !found ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture())
                        .compose(v -> teachers == null
                                ? Future.succeededFuture()
                                : requireStaff(tx, caller, teachers)
                                        .compose(ok -> store.setTeachers(tx, classId, teachers)))
                        .compose(v -> classById(tx, caller.schoolId(), classId))),
                "There is already a class with this name.");
    }

    /** A class with pupils in it cannot close: they would lose their class teacher. */
    Future<Void> deactivateClass(Caller caller, UUID classId) {
        caller.requireStaff(Role.ADMIN);
        return changing(tx -> store.closeEmptyClass(tx, classId, caller.schoolId())
                .compose(closed -> closed
                        ? Future.succeededFuture()
                        : store.classInSchool(tx, caller.schoolId(), classId)
                                .compose(exists -> Future.failedFuture(
                                        exists
                                                ? Problem.conflict("Move this class's pupils to another class first.")
                                                : Problem.notFound()))));
    }

    private Future<SchoolClass> classById(SqlClient tx, UUID schoolId, UUID classId) {
        return store.classes(tx, schoolId).map(classes -> classes.stream()
                .filter(c -> c.id().equals(classId))
                .findFirst()
                .orElseThrow(Problem::notFound));
    }

    private Future<Void> requireStaff(SqlClient tx, Caller caller, List<UUID> staffIds) {
        if (staffIds.isEmpty()) return Future.succeededFuture();
        return store.countStaff(tx, caller.schoolId(), staffIds)
                .compose(found -> found == staffIds.size()
                        ? Future.succeededFuture()
                        : Future.failedFuture(
                                Problem.invalid("body.teacherIds", "includes someone who is not active staff here.")));
    }

    // --- pupils

    Future<Page<Pupil>> listPupils(Caller caller, int limit, String cursor) {
        caller.requireStaff();
        JsonArray after = cursor == null ? null : Cursor.decode(cursor, 3);
        return store.pupilPage(pool, caller.schoolId(), caller.subject(), after, limit);
    }

    Future<Pupil> createPupil(Caller caller, DirectoryRequests.Pupil body) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        return Sql.conflictOnDuplicate(
                changing(tx -> checkClass(tx, caller, body.classId())
                        .compose(v -> store.insertPupil(tx, caller.schoolId(), body))
                        .compose(id -> store.pupil(tx, id))),
                "A pupil with this reference already exists.");
    }

    Future<Pupil> updatePupil(Caller caller, UUID pupilId, DirectoryRequests.Pupil change) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DIRECTORY)
                .compose(pupil -> changing(tx -> checkClass(tx, caller, change.classId())
                        .compose(v -> store.updatePupil(tx, pupilId, change))
                        .compose(v -> store.pupil(tx, pupilId))));
    }

    Future<Void> deactivatePupil(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DIRECTORY)
                .compose(pupil -> changing(tx -> store.deactivatePupil(tx, pupilId)
                        .compose(v -> Identity.endPupilSessions(tx, pupilId, "pupil-left"))));
    }

    private Future<Void> checkClass(SqlClient tx, Caller caller, UUID classId) {
        if (classId == null) return Future.succeededFuture();
        return store.classInSchool(tx, caller.schoolId(), classId)
                .compose(ok -> ok
                        ? Future.succeededFuture()
                        : Future.failedFuture(Problem.invalid("body.classId", "is not a class of this school.")));
    }

    // --- parents

    Future<Void> deactivateParent(Caller caller, UUID parentId) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        return deactivate(caller, parentId, "parent");
    }

    // --- parent links

    Future<Items<ParentLink>> parentLinks(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DIRECTORY)
                .compose(pupil -> store.parentLinks(pool, pupilId))
                .map(Items::of);
    }

    Future<ParentLink> updateParentLink(
            Caller caller, UUID pupilId, UUID parentId, DirectoryRequests.LinkChange change) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DIRECTORY)
                .compose(pupil -> changing(tx -> store.updateParentLink(
                                tx,
                                pupilId,
                                parentId,
                                change.relationship(),
                                change.parentalResponsibility(),
                                change.contactBlocked())
                        .compose(found ->
                                !found ? Future.failedFuture(Problem.notFound()) : store.parentLinks(tx, pupilId))))
                .map(links -> links.stream()
                        .filter(l -> l.parentId().equals(parentId))
                        .findFirst()
                        .orElseThrow(Problem::notFound));
    }
}
