package app.tandem.push;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a push says: a generic title and line per kind, the kind and ids, and platform delivery
 * settings. Never a name, a message's words or anything about a pupil's needs: those travel only
 * over the authenticated API, not through a third party's servers.
 */
final class PushPayloads {
    record Wording(String title, String body) {}

    static final Map<String, Wording> WORDING = Map.ofEntries(
            Map.entry("message", new Wording("New message", "You have a new message in Tandem.")),
            Map.entry("notice", new Wording("New notice from school", "Open Tandem to read it.")),
            Map.entry("notice-reminder", new Wording("A notice is waiting for you", "Open Tandem to read it.")),
            Map.entry("concern", new Wording("A concern was raised", "Open Tandem to review it.")),
            Map.entry(
                    "meeting-reminder",
                    new Wording("A meeting with school is coming up", "Open Tandem for the details.")),
            Map.entry(
                    "meeting-nudge",
                    new Wording("Time to book a meeting with school", "Open Tandem to choose a time.")),
            Map.entry(
                    "meeting-record", new Wording("Notes from your meeting with school", "Open Tandem to read them.")),
            Map.entry(
                    "meeting-cancelled",
                    new Wording("A meeting with school was cancelled", "Open Tandem for the details.")),
            // To a pupil's own device: plain words, nothing about what is asked.
            Map.entry(
                    "views-request",
                    new Wording("A question from school", "Your teacher would like to know what you think.")),
            Map.entry("views-request-parent", new Wording("School would like your views", "Open Tandem to add yours.")),
            Map.entry("view-shared", new Wording("New from school", "Open Tandem to see it.")),
            Map.entry("document", new Wording("A document from school", "Open Tandem to read it.")),
            Map.entry("document-shared", new Wording("A document was shared", "Open Tandem to see who with.")),
            Map.entry("consent", new Wording("Sharing permissions changed", "Open Tandem to see them.")),
            Map.entry("sen-status-proposal", new Wording("Something needs your decision", "Open Tandem to see it.")),
            Map.entry(
                    "annual-review-due",
                    new Wording("An annual review needs arranging", "Open Tandem to see which plan is due.")),
            Map.entry("cycle-review-due", new Wording("A review date is coming up", "Open Tandem to see which.")),
            Map.entry("cycle-reviewed", new Wording("Notes from school", "Open Tandem to read them.")),
            Map.entry(
                    "assessment-information-due",
                    new Wording("A date is coming up", "Open Tandem to see what is due.")),
            Map.entry("draft-views", new Wording("Something new to read", "Open Tandem to read it.")),
            Map.entry("draft-views-reminder", new Wording("A date is coming up", "Open Tandem to see what is needed.")),
            Map.entry("disagreement", new Wording("Something needs your attention", "Open Tandem to see it.")),
            Map.entry("disagreement-answered", new Wording("The school has replied", "Open Tandem to read it.")),
            Map.entry(
                    "young-person-soon",
                    new Wording("A pupil will soon decide for themselves", "Open Tandem for the details.")));
    static final Wording OTHER = new Wording("Something new in Tandem", "Open Tandem to see it.");

    /** How long FCM keeps trying to reach a phone that is off: after a day a push is stale. */
    static final Duration TTL = Duration.ofDays(1);

    private PushPayloads() {}

    /** One outbox row for one phone. */
    record Push(
            UUID outboxId,
            String kind,
            UUID refId,
            boolean urgent,
            String collapseKey,
            String token,
            String platform,
            int badge) {}

    static Message message(Push push, Instant now) {
        Wording wording = WORDING.getOrDefault(push.kind(), OTHER);
        String collapse = push.collapseKey() == null ? push.kind() + "-" + push.refId() : push.collapseKey();
        return Message.builder()
                .setToken(push.token())
                .setNotification(Notification.builder()
                        .setTitle(wording.title())
                        .setBody(wording.body())
                        .build())
                .putData("type", push.kind())
                .putData("id", push.refId().toString())
                .putData("pushId", push.outboxId().toString())
                .setAndroidConfig(AndroidConfig.builder()
                        .setPriority(push.urgent() ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                        .setTtl(TTL.toMillis())
                        .setCollapseKey(collapse)
                        // The tag makes a later push for the same thing replace the earlier one in the tray.
                        .setNotification(
                                AndroidNotification.builder().setTag(collapse).build())
                        .build())
                .setApnsConfig(ApnsConfig.builder()
                        .putHeader("apns-priority", push.urgent() ? "10" : "5")
                        .putHeader("apns-collapse-id", collapse.length() > 64 ? collapse.substring(0, 64) : collapse)
                        .putHeader(
                                "apns-expiration", Long.toString(now.plus(TTL).getEpochSecond()))
                        .setAps(Aps.builder()
                                .setBadge(push.badge())
                                .setThreadId(collapse)
                                .setSound("default")
                                .build())
                        .build())
                .build();
    }
}
