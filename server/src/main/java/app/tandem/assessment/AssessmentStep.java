package app.tandem.assessment;

import java.util.Set;

/**
 * The steps of a request for an EHC needs assessment, the states each may follow, the state it
 * leads to, and what the family is told, in plain words (SEND Code of Practice 9.14-9.17, 9.77).
 */
enum AssessmentStep {
    SENT("sent", Set.of("being-prepared"), "sent", "sent to the local authority"),
    INFORMATION_REQUESTED(
            "information-requested", Set.of("sent", "assessing"), null, "the local authority asked us for information"),
    INFORMATION_SENT("information-sent", Set.of("information-requested", "assessing"), null, "we sent our information"),
    DECIDED_TO_ASSESS(
            "decided-to-assess",
            Set.of("sent", "information-requested"),
            "assessing",
            "the local authority will assess"),
    DECIDED_NOT_TO_ASSESS(
            "decided-not-to-assess",
            Set.of("sent", "information-requested"),
            "not-assessing",
            "the local authority will not assess"),
    PLAN_DRAFTED("plan-drafted", Set.of("assessing"), "plan-drafted", "a draft plan"),
    PLAN_ISSUED("plan-issued", Set.of("plan-drafted"), "plan-issued", "the plan is issued"),
    PLAN_NOT_ISSUED(
            "plan-not-issued", Set.of("assessing", "plan-drafted"), "plan-not-issued", "no plan will be issued");

    /** Days the school has to answer the local authority's request for information (six weeks). */
    static final int INFORMATION_DAYS = 42;

    final String wire;
    private final Set<String> after;
    private final String leadsTo;
    private final String headline;

    AssessmentStep(String wire, Set<String> after, String leadsTo, String headline) {
        this.wire = wire;
        this.after = after;
        this.leadsTo = leadsTo;
        this.headline = headline;
    }

    static AssessmentStep of(String wire) {
        for (AssessmentStep s : values()) if (s.wire.equals(wire)) return s;
        throw new IllegalArgumentException("assessment step " + wire);
    }

    /** Whether the step may follow a request in this state. */
    boolean follows(String state) {
        return after.contains(state);
    }

    /** The state after the step: the LA's request for information moves a sent request on, not an assessment. */
    String next(String state) {
        if (this == INFORMATION_REQUESTED) return state.equals("sent") ? "information-requested" : state;
        return leadsTo == null ? state : leadsTo;
    }

    /** Whether the step needs a document, and of which kind. */
    String documentKind() {
        return switch (this) {
            case DECIDED_TO_ASSESS, DECIDED_NOT_TO_ASSESS, PLAN_NOT_ISSUED -> "la-decision";
            case PLAN_DRAFTED -> "draft-ehc-plan";
            default -> null;
        };
    }

    /** The family's notice: its title. */
    String title(String name, boolean reassessment) {
        return name + "'s " + what(reassessment) + ": " + headline;
    }

    /** The family's notice: what happened and what comes next. */
    String letter(Letter l) {
        String what = what(l.reassessment());
        return switch (this) {
            case SENT -> "On " + l.on() + " we sent the request for an " + what + " for " + l.name() + " to "
                    + l.authority() + ". The local authority should decide within 6 weeks whether to assess, and"
                    + " will write to you.";
            case INFORMATION_REQUESTED -> l.authority() + " has asked the school for information about " + l.name()
                    + ". We will send it by " + l.due() + ".";
            case INFORMATION_SENT -> "On " + l.on() + " we sent " + l.authority() + " the information it asked for"
                    + " about " + l.name() + ".";
            case DECIDED_TO_ASSESS -> l.authority() + " has decided to carry out an " + what + " for " + l.name()
                    + ". They will ask for advice from the people who know " + l.name()
                    + " best, including you and the school. From the request to a final plan should take no more"
                    + " than 20 weeks.";
            case DECIDED_NOT_TO_ASSESS -> l.authority() + " has decided not to carry out an " + what + " for "
                    + l.name() + ". Their letter explains why. " + APPEAL + " We will keep supporting " + l.name()
                    + " in school.";
            case PLAN_DRAFTED -> l.authority() + " has written a draft EHC plan for " + l.name() + ". You have 15 days"
                    + " from receiving it to say what you think and which school you would like it to name. You can"
                    + " send your views in Tandem.";
            case PLAN_ISSUED -> l.authority() + " issued " + l.name() + "'s EHC plan on " + l.on() + ". We will review"
                    + " it with you at least once a year.";
            case PLAN_NOT_ISSUED -> l.authority() + " has decided not to issue an EHC plan for " + l.name() + ". "
                    + APPEAL + " We will keep supporting " + l.name() + " in school.";
        };
    }

    /** What families can do about a decision they disagree with (CoP 11.45-11.54). */
    static final String APPEAL = "If you disagree, you can appeal to the First-tier Tribunal (SEND) within two months"
            + " of the letter; before you appeal you must contact a mediation adviser (the letter says who)."
            + " Your local SENDIASS gives free, impartial advice.";

    static String what(boolean reassessment) {
        return reassessment ? "EHC needs re-assessment" : "EHC needs assessment";
    }

    /** What a letter says: the pupil's name, the authority, and the day (and due day) as people read them. */
    record Letter(String name, String authority, boolean reassessment, String on, String due) {}
}
