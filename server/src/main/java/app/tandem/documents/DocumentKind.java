package app.tandem.documents;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of document a pupil's file holds: the name the API and the database use, the words a
 * page shows, and whether the parents read it. Adding a kind is one line here (and the contract's
 * enum); the parents' reading rule in SQL is built from this list.
 */
public enum DocumentKind {
    EHC_PLAN("ehc-plan", "EHC plan", Parents.READ),
    /** Parents read a draft once it is sent to them for their views (15 days). */
    DRAFT_EHC_PLAN("draft-ehc-plan", "Draft EHC plan", Parents.READ_ONCE_SENT),
    /** Parents read advice once the school circulates it for an annual review (regulation 20). */
    PROFESSIONAL_ADVICE("professional-advice", "Professional advice", Parents.READ_ONCE_CIRCULATED),
    ANNUAL_REVIEW_REPORT("annual-review-report", "Annual review report", Parents.READ),
    /** The graduated approach's plan is agreed with the family (CoP 6.48): they read it. */
    SEN_SUPPORT_PLAN("sen-support-plan", "SEN support plan", Parents.READ),
    TRANSITION("transition", "Transition plan", Parents.READ),
    /** The local authority's letter saying whether it will assess (or issue a plan): the family has it already. */
    LA_DECISION("la-decision", "Local authority decision letter", Parents.READ),
    OTHER("other", "Document", Parents.DO_NOT_READ);

    enum Parents {
        READ,
        READ_ONCE_SENT,
        READ_ONCE_CIRCULATED,
        DO_NOT_READ
    }

    private final String wire;
    private final String label;
    private final Parents parents;

    DocumentKind(String wire, String label, Parents parents) {
        this.wire = wire;
        this.label = label;
        this.parents = parents;
    }

    public String wire() {
        return wire;
    }

    /** What a person outside the school reads: "EHC plan", "Professional advice". */
    public String label() {
        return label;
    }

    /** The kind the API or the database names; IllegalArgumentException for another. */
    public static DocumentKind of(String wire) {
        for (DocumentKind kind : values()) if (kind.wire.equals(wire)) return kind;
        throw new IllegalArgumentException("no document kind " + wire);
    }

    /** The words for a kind the database names, "Document" for one this version does not know. */
    static String labelOf(String wire) {
        for (DocumentKind kind : values()) if (kind.wire.equals(wire)) return kind.label;
        return OTHER.label;
    }

    /**
     * The documents a parent reads, as a SQL condition on {@code document d}: the one statement of
     * that rule (lists, downloads, pushes, exports).
     */
    static String parentsReadSql() {
        return "(d.kind IN (" + wires(Parents.READ) + ") OR (d.kind IN (" + wires(Parents.READ_ONCE_SENT)
                + ") AND d.sent_to_parents_at IS NOT NULL) OR (d.kind IN (" + wires(Parents.READ_ONCE_CIRCULATED)
                + ") AND d.circulated_at IS NOT NULL))";
    }

    private static String wires(Parents parents) {
        return Arrays.stream(values())
                .filter(k -> k.parents == parents)
                .map(k -> "'" + k.wire + "'")
                .collect(Collectors.joining(", "));
    }
}
