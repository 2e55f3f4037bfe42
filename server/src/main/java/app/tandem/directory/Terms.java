package app.tandem.directory;

import app.tandem.directory.TermStore.Term;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Items;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A school's term dates: everyone at the school reads them; the admin or SENCO sets them. A SEN
 * support cycle opened without a review date is reviewed at the end of its term.
 */
record Terms(Pool pool) {
    /** The terms of the school named (a parent's child's), else the caller's own. */
    Future<Items<Term>> list(Caller caller, UUID schoolId) {
        return TermStore.list(pool, caller.school(schoolId)).map(terms -> new Items<>(terms, Terms::json));
    }

    Future<Items<Term>> set(Caller caller, List<Term> terms) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            if (t.name().isEmpty()) throw Problem.invalid("body.terms[" + i + "].name", "must not be blank.");
            if (!t.endsOn().isAfter(t.startsOn()))
                throw Problem.invalid("body.terms[" + i + "].endsOn", "must be after the term starts.");
            if (i > 0 && !t.startsOn().isAfter(terms.get(i - 1).endsOn()))
                throw Problem.invalid(
                        "body.terms[" + i + "].startsOn",
                        "must be after the term before it ends (terms in date order).");
        }
        return pool.<Void>withTransaction(tx -> TermStore.replaceFrom(tx, caller.schoolId(), terms))
                .compose(v -> list(caller, null));
    }

    /** The request's terms, in the order given. */
    static List<Term> from(JsonObject body) {
        List<Term> terms = new ArrayList<>();
        for (Object o : body.getJsonArray("terms")) {
            JsonObject t = (JsonObject) o;
            terms.add(new Term(
                    t.getString("name").strip(),
                    LocalDate.parse(t.getString("startsOn")),
                    LocalDate.parse(t.getString("endsOn"))));
        }
        return terms;
    }

    private static JsonObject json(Term t) {
        return new JsonObject()
                .put("name", t.name())
                .put("startsOn", t.startsOn().toString())
                .put("endsOn", t.endsOn().toString());
    }
}
