package app.tandem.voice;

/**
 * Which of a pupil's views a person sees, once the access rule has said how they stand to the
 * pupil. Staff who may ask for views see every one (withdrawn ones marked); the safeguarding lead
 * sees the views raised with them; a parent sees shared views and their own; the pupil sees what
 * they said, not what they took back. Each is a SQL condition on {@code pupil_view v}, given the
 * person's id as a parameter.
 */
enum Audience {
    STAFF("%s::uuid IS NOT NULL"),
    SAFEGUARDING("v.concern_at IS NOT NULL AND %s::uuid IS NOT NULL"),
    PARENT(
            "v.withdrawn_at IS NULL AND v.concern_at IS NULL AND (v.shared_at IS NOT NULL OR (v.voice = 'parent' AND v.submitted_by = %s))"),
    PUPIL("v.withdrawn_at IS NULL AND v.voice IN ('pupil', 'pupil-supported') AND v.pupil_id = %s");

    private final String condition;

    Audience(String condition) {
        this.condition = condition;
    }

    /** The condition, with the person's id as the numbered parameter given. */
    String condition(String personParameter) {
        return "(" + condition.formatted(personParameter) + ")";
    }
}
