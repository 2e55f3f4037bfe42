package app.tandem.testing;

import app.tandem.demo.DemoData;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every kind of caller the access rules know, signed in against the demo school, for the pupil Leo:
 * his parent, another family's parent, his blocked parent, his class teacher, a teacher of another
 * class, the SENCO, a SENCO of another school, the admin, Leo on his own device, and another pupil.
 */
public final class Callers {
    public static final String LINKED_PARENT = "linked parent";
    public static final String OTHER_PARENT = "parent of another family";
    public static final String BLOCKED_PARENT = "blocked parent";
    public static final String CLASS_TEACHER = "class teacher";
    public static final String OTHER_TEACHER = "teacher of another class";
    public static final String SENCO = "SENCO";
    public static final String OTHER_SCHOOL_SENCO = "SENCO of another school";
    public static final String ADMIN = "admin";
    public static final String THE_PUPIL = "the pupil";
    public static final String OTHER_PUPIL = "another pupil";

    public static final String OTHER_SCHOOL = "0e000000-0000-4000-8000-000000000010";
    public static final String OTHER_SCHOOL_SENCO_EMAIL = "senco@other-school.example.org";

    private Callers() {}

    /** Adds a second school with its own SENCO (same demo password). */
    public static void addOtherSchool(TestServer server) {
        String hash = server.app().identity().hashPassword(DemoData.PASSWORD).await();
        server.sql("INSERT INTO school (id, name) VALUES ('" + OTHER_SCHOOL
                + "', 'Elm Park Academy') ON CONFLICT DO NOTHING");
        server.sql("INSERT INTO app_user (school_id, kind, email, display_name, roles, password_hash) VALUES ('"
                + OTHER_SCHOOL + "', 'staff', '" + OTHER_SCHOOL_SENCO_EMAIL
                + "', 'Other SENCO', '{senco,teacher,admin}', '" + hash + "') ON CONFLICT DO NOTHING");
    }

    /** A signed-in pupil device for the pupil, paired by their SENCO. */
    public static String pupilToken(TestServer server, String pupilId) {
        String code = server.post("/v1/pupils/" + pupilId + "/pairing-codes", null, server.token(Demo.SENCO))
                .bodyAsJsonObject()
                .getString("code");
        return server.post("/v1/auth/pairing/redeem", new JsonObject().put("code", code), null)
                .bodyAsJsonObject()
                .getString("accessToken");
    }

    /** Access tokens for every caller, in a stable order. */
    public static Map<String, String> all(TestServer server) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(LINKED_PARENT, server.token(Demo.PARENT2));
        tokens.put(OTHER_PARENT, server.token(Demo.PARENT));
        tokens.put(BLOCKED_PARENT, server.token(Demo.BLOCKED));
        tokens.put(CLASS_TEACHER, server.token(Demo.TEACHER));
        tokens.put(OTHER_TEACHER, server.token(Demo.TEACHER2));
        tokens.put(SENCO, server.token(Demo.SENCO));
        tokens.put(OTHER_SCHOOL_SENCO, server.token(OTHER_SCHOOL_SENCO_EMAIL));
        tokens.put(ADMIN, server.token(Demo.ADMIN));
        tokens.put(THE_PUPIL, pupilToken(server, Demo.LEO));
        tokens.put(OTHER_PUPIL, pupilToken(server, Demo.AMARA));
        return tokens;
    }
}
