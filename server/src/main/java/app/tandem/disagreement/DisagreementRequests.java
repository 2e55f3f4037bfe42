package app.tandem.disagreement;

import app.tandem.platform.Requests;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/** What the disagreement operations take, read from bodies the contract has already validated. */
final class DisagreementRequests {
    private DisagreementRequests() {}

    record Raised(String about, String summary) {
        static Raised from(JsonObject b) {
            return new Raised(b.getString("about"), Requests.text(b, "summary"));
        }
    }

    record Step(String state, String note, LocalDate metOn, String takenTo) {
        static Step from(JsonObject b) {
            return new Step(
                    b.getString("state"), Requests.text(b, "note"), Requests.date(b, "metOn"), b.getString("takenTo"));
        }

        boolean closes() {
            return !state.equals("discussed");
        }
    }

    record Links(
            String senInformationReportUrl,
            String localOfferUrl,
            String sendiassName,
            String sendiassPhone,
            String sendiassUrl,
            int responseSchoolDays) {
        static Links from(JsonObject b) {
            JsonObject sendiass = b.getJsonObject("sendiass", new JsonObject());
            return new Links(
                    b.getString("senInformationReportUrl"),
                    b.getString("localOfferUrl"),
                    Requests.text(sendiass, "name", "body.sendiass.name"),
                    Requests.text(sendiass, "phone", "body.sendiass.phone"),
                    sendiass.getString("url"),
                    b.getInteger("responseSchoolDays", WhereToTurn.RESPONSE_SCHOOL_DAYS));
        }
    }
}
