package app.tandem.platform;

/**
 * One capability's part of a subject access export (UK GDPR Art. 15), as SQL it owns: the export
 * runs every part in one statement, with $1 the person asking, $2 the pupil they act for (null for
 * none) and $3 the school asked (`$3::uuid`), so each capability's rule for what a family may see
 * stays with that capability. A family may have children at several schools and asks each school
 * for its own data: a part about the person keeps to `$3`'s rows; the pupil is always $3's.
 */
public sealed interface SubjectData {
    /**
     * A file of the export: `sql` is one SQL expression giving its JSON. With `field` set, the
     * expression is one property of a JSON object file that several parts share. Parts `aboutPupil`
     * are left out when the request names no pupil.
     */
    record Part(String file, String field, boolean aboutPupil, String sql) implements SubjectData {
        public static Part person(String file, String sql) {
            return new Part(file, null, false, sql);
        }

        public static Part pupil(String file, String sql) {
            return new Part(file, null, true, sql);
        }

        /** One property, `field`, of a file about the person that several parts share. */
        public static Part person(String file, String field, String sql) {
            return new Part(file, field, false, sql);
        }

        /** One property, `field`, of a file about the pupil that several parts share. */
        public static Part pupil(String file, String field, String sql) {
            return new Part(file, field, true, sql);
        }
    }

    /**
     * What was held back about the pupil and why, counted by `sql` (an SQL expression): only what
     * the family may know was held back; what the law lets a school withhold silently has no part.
     */
    record Withheld(String what, String why, String sql) implements SubjectData {}

    /**
     * Files of the export, in `folder`, each read on its own so the export never holds them all:
     * `list` is a query of the files the family may have (columns `id` and `name`, with the same
     * $1, $2 and $3), `content` a query of one file's bytes by its id ($1). About the pupil, so left
     * out when the request names no pupil.
     */
    record Files(String folder, String list, String content) implements SubjectData {}
}
