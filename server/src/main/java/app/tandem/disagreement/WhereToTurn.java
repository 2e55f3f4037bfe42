package app.tandem.disagreement;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Where a family can turn when they need advice or disagree: the school's own links (its SEN
 * information report, the local authority's Local Offer, the local SENDIASS) and, the same for every
 * school, how disagreements are settled, in plain words (SEND Code of Practice chapter 11). Shown on
 * the parent home, the SEND record and its own operation, never to a pupil under 16.
 */
public final class WhereToTurn {
    /** The complaints procedure's answer, in school days, when the school has not said. */
    static final int RESPONSE_SCHOOL_DAYS = 10;

    /** GOV.UK's guide for families, which points to each council's SENDIASS, when the school set no link of its own. */
    static final String FAMILIES_GUIDE = "https://www.gov.uk/children-with-special-educational-needs";

    static final String TRIBUNAL =
            "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability";

    private WhereToTurn() {}

    /** The school's links as PostgreSQL published them (null when it set none), made whole with the guide. */
    public static JsonObject of(JsonObject links) {
        JsonObject json = links == null ? new JsonObject() : links.copy();
        int days = json.getInteger("responseSchoolDays", RESPONSE_SCHOOL_DAYS);
        json.put("responseSchoolDays", days);
        JsonObject sendiass = json.getJsonObject("sendiass");
        return json.put(
                "guide",
                new JsonArray()
                        .add(section(
                                "Talk to us first",
                                "Tell the class teacher or the SENCO what is worrying you. If that does not settle it,"
                                        + " tell the school you disagree in Tandem: the SENCO and the headteacher will"
                                        + " answer within " + days + " school days, and you can meet to talk it"
                                        + " through. The school's complaints procedure is on its website.",
                                null))
                        .add(section(
                                "Free, impartial advice",
                                (sendiass == null ? "Your local SENDIASS" : sendiass.getString("name"))
                                        + " (SEND information, advice and support service) is free, confidential and"
                                        + " separate from the school and the local authority. It can explain your"
                                        + " choices, help with letters and come to meetings with you.",
                                sendiass != null && sendiass.getString("url") != null
                                        ? sendiass.getString("url")
                                        : FAMILIES_GUIDE))
                        .add(section(
                                "Disagreement resolution and mediation",
                                "The local authority must offer an independent disagreement resolution service for"
                                        + " any disagreement about your child's special educational needs, whether or"
                                        + " not they have an EHC plan. Mediation is a meeting with an independent"
                                        + " mediator about the local authority's decisions on an assessment or a plan."
                                        + " Before you can appeal to the tribunal you must contact a mediation adviser;"
                                        + " going to mediation is then your choice.",
                                FAMILIES_GUIDE))
                        .add(section(
                                "The First-tier Tribunal (SEND)",
                                "You can appeal to the tribunal against the local authority's decisions: not to"
                                        + " assess, not to issue a plan, what a plan says or the school it names."
                                        + " Appeal within two months of the decision letter, or one month after a"
                                        + " mediation certificate if that is later. Appealing is free.",
                                TRIBUNAL)));
    }

    private static JsonObject section(String title, String text, String url) {
        JsonObject s = new JsonObject().put("title", title).put("text", text);
        return url == null ? s : s.put("url", url);
    }
}
