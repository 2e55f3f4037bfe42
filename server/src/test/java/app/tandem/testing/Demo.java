package app.tandem.testing;

/** Ids and accounts of the demo school (server/src/main/resources/demo/directory.sql). */
public final class Demo {
    private Demo() {}

    public static final String SCHOOL = "0d000000-0000-4000-8000-000000000010";
    public static final String ADMIN = "admin@example.org";
    public static final String SENCO = "senco@example.org";
    public static final String TEACHER = "teacher@example.org";
    public static final String TEACHER2 = "teacher2@example.org";
    public static final String PARENT = "parent@example.org";
    public static final String PARENT2 = "parent2@example.org";
    public static final String BLOCKED = "blocked@example.org";

    /** Parent's elder child, in teacher@'s class 5 Oak. */
    public static final String AMARA = "0d000000-0000-4000-8000-000000000401";
    /** Parent's younger child, in teacher2@'s class 2 Willow. */
    public static final String SAM = "0d000000-0000-4000-8000-000000000402";
    /** Parent2's child in 5 Oak; blocked@ is linked to him with contact blocked. */
    public static final String LEO = "0d000000-0000-4000-8000-000000000403";
    /** A pupil in 5 Oak with no parent on the app. */
    public static final String MAYA = "0d000000-0000-4000-8000-000000000404";
}
