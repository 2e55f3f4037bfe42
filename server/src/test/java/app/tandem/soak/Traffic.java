package app.tandem.soak;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A school morning: parents opening the home (70%), reading a conversation (15%), sending or
 * answered by the class teacher (5%), teachers reading records (5%), a pupil giving a view (3%),
 * parents' notices (2%); and, on a schedule, whole-school notices, shares to outside professionals
 * opened from their emails, and a family's subject access export. Everything the ledger must find
 * later is written down here as it is acknowledged.
 */
final class Traffic {
    static final String SCHOOL = "0d000000-0000-4000-8000-000000000010";
    static final String AMARA = "0d000000-0000-4000-8000-000000000401";
    static final String LEO = "0d000000-0000-4000-8000-000000000403";
    static final String AMARAS_QUESTION = "0d000000-0000-4000-8000-000000000a01";

    /** A bench family: the parent, their child and conversation, and the class teacher's token if signed in. */
    record Family(int n, UUID parent, String token, String pupil, String conversation, String teacherToken) {}

    /** A message the server acknowledged: who sent it, where, under which client id, and its id. */
    record Sent(String clientMessageId, String conversation, String messageId) {}

    final Client client;
    final List<Family> families;
    final String senco;
    final String pupil;
    final String parentForExport;
    final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    final Queue<Read> auditedReads = new ConcurrentLinkedQueue<>();

    /** A read answered with success, which must have left its audit event: its request id, where and when. */
    record Read(String requestId, String kind, int port, long answeredAt) {}

    final Queue<String> notices = new ConcurrentLinkedQueue<>();
    final Queue<String> shareRecipients = new ConcurrentLinkedQueue<>();
    final AtomicInteger unsent = new AtomicInteger();
    private final AtomicInteger shares = new AtomicInteger();

    Traffic(Client client, List<Family> families, String senco, String pupil, String parentForExport) {
        this.client = client;
        this.families = families;
        this.senco = senco;
        this.pupil = pupil;
        this.parentForExport = parentForExport;
    }

    /** One step of one user's morning, chosen by the weights above. */
    void step() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Family f = families.get(random.nextInt(families.size()));
        int roll = random.nextInt(100);
        if (roll < 70) audited("home", client.get("home", "/v1/home/parent", f.token(), Map.of()));
        else if (roll < 85)
            audited(
                    "conversation",
                    client.get(
                            "conversation",
                            "/v1/conversations/" + f.conversation() + "/messages?limit=20",
                            f.token(),
                            Map.of()));
        else if (roll < 90) send(f, random.nextBoolean() || f.teacherToken() == null ? f.token() : f.teacherToken());
        else if (roll < 95) {
            if (f.teacherToken() != null)
                audited(
                        "record",
                        client.get("record", "/v1/pupils/" + f.pupil() + "/record", f.teacherToken(), Map.of()));
        } else if (roll < 98)
            client.post(
                    "view",
                    "/v1/views-requests/" + AMARAS_QUESTION + "/views",
                    pupil,
                    new JsonObject().put("format", "scale").put("scaleValue", 1 + random.nextInt(5)));
        else audited("notices", client.get("notices", "/v1/notices?limit=20", f.token(), Map.of()));
    }

    /** The operation behind each kind of read, to ask the contract whether it is audited. */
    private static final Map<String, String> OPERATIONS = Map.of(
            "home", "getParentHome",
            "conversation", "listMessages",
            "record", "getSendRecord",
            "notices", "listMyNotices");

    /** The reads the contract marks `x-tandem-audit`: the ones that must leave an event. */
    private static final java.util.Set<String> AUDITED = app.tandem.audit.AuditRecorder.markings(
                    app.tandem.testing.ApiContract.document())
            .keySet();

    private void audited(String kind, Client.Answer answer) {
        if (!AUDITED.contains(OPERATIONS.get(kind))) return;
        if (answer.ok() && answer.requestId() != null)
            auditedReads.add(new Read(answer.requestId(), kind, answer.port(), System.nanoTime()));
    }

    /**
     * Sends as the app does: a fresh client id, and the same one again after no answer or a 5xx,
     * until the server acknowledges it (bounded); a message never acknowledged is counted apart.
     */
    private void send(Family f, String token) {
        String clientId = "soak-" + UUID.randomUUID();
        JsonObject body = new JsonObject().put("clientMessageId", clientId).put("text", "How this morning went.");
        for (int attempt = 0; attempt < 20; attempt++) {
            Client.Answer answer =
                    client.post("send", "/v1/conversations/" + f.conversation() + "/messages", token, body);
            if (answer.ok()) {
                sent.add(new Sent(clientId, f.conversation(), answer.json().getString("id")));
                return;
            }
            if (answer.status() >= 400 && answer.status() < 500) return;
            pause(500);
        }
        unsent.incrementAndGet();
    }

    /** An urgent notice to the whole school: every family's phone is pushed. */
    void wholeSchoolNotice() {
        JsonObject body = new JsonObject()
                .put("title", "Early finish on Friday")
                .put("body", "School closes at 1:30 pm on Friday for staff training.")
                .put("audience", new JsonObject().put("type", "school"))
                .put("urgent", true);
        for (int attempt = 0; attempt < 20; attempt++) {
            Client.Answer answer = client.post("notice", "/v1/notices", senco, body);
            if (answer.ok()) {
                notices.add(answer.json().getString("id"));
                return;
            }
            pause(1000);
        }
    }

    /** The SENCO shares Leo's plan with an outside professional, who gets the link and code by email. */
    void share(String versionId) {
        String recipient = "soak-share-" + shares.incrementAndGet() + "@ep.example.org";
        JsonObject body = new JsonObject()
                .put("versionIds", new io.vertx.core.json.JsonArray().add(versionId))
                .put("recipientName", "Dr Hannah Price")
                .put("recipientOrganisation", "County Educational Psychology Service")
                .put("recipientEmail", recipient)
                .put("purpose", "Advice for Leo's review")
                .put("statutoryBasis", "tribunal")
                .put("basisReference", "Tribunal case SE123/27/00001")
                .put("parentsMayBeTold", true);
        for (int attempt = 0; attempt < 20; attempt++) {
            Client.Answer answer = client.post("share", "/v1/pupils/" + LEO + "/shares", senco, body);
            if (answer.ok()) {
                shareRecipients.add(recipient);
                return;
            }
            if (answer.status() >= 400 && answer.status() < 500)
                throw new IllegalStateException("share refused: " + new String(answer.body()));
            pause(1000);
        }
    }

    /** The outside professional opens the link with the code from the second email, and downloads the plan. */
    boolean openShare(String token, String code) {
        Client.Answer page = client.get("share-open", "/v1/shared/" + token, null, Map.of("Tandem-Access-Code", code));
        if (!page.ok()) return false;
        for (Object v : page.json().getJsonArray("versions", new io.vertx.core.json.JsonArray())) {
            String versionId = ((JsonObject) v).getString("id");
            Client.Answer file = client.get(
                    "share-download",
                    "/v1/shared/" + token + "/versions/" + versionId,
                    null,
                    Map.of("Tandem-Access-Code", code));
            if (!file.ok() || file.body().length == 0) return false;
        }
        return true;
    }

    /** A family asks for everything held about them, waits for it to be built, and downloads it. */
    boolean export() {
        Client.Answer asked = client.post("export", "/v1/subject-access-requests", parentForExport, new JsonObject());
        if (!asked.ok()) return false;
        String id = asked.json().getString("id");
        for (int i = 0; i < 120; i++) {
            Client.Answer file =
                    client.get("export", "/v1/subject-access-requests/" + id + "/export", parentForExport, Map.of());
            if (file.ok()) return file.body().length > 0;
            pause(1000);
        }
        return false;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
