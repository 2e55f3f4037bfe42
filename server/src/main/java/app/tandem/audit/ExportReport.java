package app.tandem.audit;

import app.tandem.platform.SchoolTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export's `index.html`: what a parent opens first, a report they can read and print (UK GDPR
 * Art. 12, "concise, transparent, intelligible"): who asked, about whom, what period; then a section
 * per kind of data saying what it is, how many, and its key fields in a table, dates in the school's
 * time zone; then what was held back and why. The JSON files beside it hold everything.
 */
final class ExportReport {
    private static final int ROWS = 200;

    /** What each file is, in plain words; a file not named here is shown by its name. */
    private static final Map<String, String[]> KINDS = Map.ofEntries(
            Map.entry("account.json", new String[] {"Your account", "The details Tandem keeps to sign you in."}),
            Map.entry("links.json", new String[] {"Your children at this school", "How you are linked to each child."}),
            Map.entry("notices.json", new String[] {
                "Notices sent to you", "Letters and notices from the school, and what you did with each."
            }),
            Map.entry("messages.json", new String[] {"Messages", "Messages in the conversations you take part in."}),
            Map.entry("phones.json", new String[] {
                "Your phones", "The phones you use Tandem on, and the quiet hours you set for notifications."
            }),
            Map.entry("audit-events.json", new String[] {
                "Who looked at or changed this data",
                "Every time someone read or changed your data or your child's record, and what happened."
            }),
            Map.entry(
                    "send-record.json",
                    new String[] {"The SEND record", "Special educational needs status, needs and review cycles."}),
            Map.entry("outcomes-and-progress.json", new String[] {
                "Outcomes and progress", "What your child is working towards, and the progress recorded."
            }),
            Map.entry("provision.json", new String[] {"Support", "The support your child receives and how often."}),
            Map.entry("meetings.json", new String[] {"Meetings", "Review meetings, with what was agreed."}),
            Map.entry("views.json", new String[] {"Your child's views", "What your child (and you) said when asked."}),
            Map.entry("documents.json", new String[] {
                "Documents", "Plans and reports the school keeps; the files are in the documents folder."
            }),
            Map.entry("consents.json", new String[] {
                "Consents and disclosures", "What you agreed the school may share, and who it was shared with."
            }),
            Map.entry("assessments.json", new String[] {
                "EHC needs assessment", "Requests for an assessment, their steps, and views on a draft plan."
            }),
            Map.entry(
                    "disagreements.json",
                    new String[] {"Disagreements", "Disagreements you raised, and the school's answers."}));

    /**
     * Fields that say nothing to a reader (ids, hashes, internal flags; an event's order number and
     * HTTP status, which its `result` says in words). The JSON files keep them.
     */
    private static boolean hidden(String key) {
        return key.equals("id")
                || key.equals("seq")
                || key.equals("outcome")
                || key.equals("refused")
                || key.endsWith("_id")
                || key.endsWith("Id")
                || key.endsWith("_ids")
                || key.endsWith("Ids")
                || key.contains("hash")
                || key.contains("sha256")
                || key.equals("content");
    }

    private ExportReport() {}

    /** The audit events with each operation as the contract sums it up ("Read a pupil's SEND record"). */
    private static Map<String, Object> inWords(Map<String, Object> files, Map<String, String> operations) {
        if (!(files.get("audit-events.json") instanceof JsonArray events)) return files;
        JsonArray worded = new JsonArray();
        for (Object e : events) {
            JsonObject event = ((JsonObject) e).copy();
            String operation = event.getString("operation");
            if (operation != null) event.put("operation", operations.getOrDefault(operation, operation));
            worded.add(event);
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(files);
        copy.put("audit-events.json", worded);
        return copy;
    }

    static String html(
            SubjectAccessExport.Scope scope,
            Map<String, Object> files,
            JsonArray withheld,
            Instant made,
            Map<String, String> operations) {
        files = inWords(files, operations);
        StringBuilder h = new StringBuilder();
        ZoneId zone = scope.zone();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Your data at ")
                .append(esc(scope.school()))
                .append("</title><style>")
                .append("body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;max-width:60rem;color:#0b0c0c}")
                .append("table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:14px}")
                .append("th,td{border:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left;vertical-align:top}")
                .append("th{background:#f3f2f1}section{break-inside:avoid-page}.scope{background:#f3f2f1;padding:1rem}")
                // Wide tables scroll within their own box on a phone; the page itself never scrolls sideways.
                .append(".wide{overflow-x:auto;max-width:100%}td{overflow-wrap:break-word;min-width:4rem}")
                .append("@media print{a{color:inherit}}</style></head><body>");
        h.append("<h1>Your data at ").append(esc(scope.school())).append("</h1>");
        h.append("<div class=\"scope\"><p>Asked for by <strong>")
                .append(esc(scope.askedBy()))
                .append("</strong> on ")
                .append(esc(SchoolTime.day(scope.requestedAt().atZone(zone))))
                .append(", for <strong>")
                .append(esc(scope.person()))
                .append("</strong>");
        if (scope.pupil() != null)
            h.append(" and about <strong>").append(esc(scope.pupil())).append("</strong>");
        h.append(".</p><p>This is everything ")
                .append(esc(scope.school()))
                .append(" holds in Tandem about you")
                .append(scope.pupil() == null ? "" : " and your child")
                .append(", up to ")
                .append(esc(SchoolTime.when(made, zone)))
                .append(". Other schools your family uses answer for their own data. Times are ")
                .append(esc(SchoolTime.zoneName(zone)))
                .append(". The files beside this page hold the same data in full (JSON), and manifest.json lists each")
                .append(" file with its SHA-256.</p></div>");
        h.append("<h2>Contents</h2><ul>");
        int n = 0;
        for (String file : files.keySet())
            h.append("<li><a href=\"#s")
                    .append(n++)
                    .append("\">")
                    .append(esc(title(file)))
                    .append("</a> (")
                    .append(count(files.get(file)))
                    .append(")</li>");
        h.append("<li><a href=\"#held\">What was held back</a></li></ul>");
        n = 0;
        for (Map.Entry<String, Object> file : files.entrySet()) {
            h.append("<section id=\"s")
                    .append(n++)
                    .append("\"><h2>")
                    .append(esc(title(file.getKey())))
                    .append("</h2>");
            String[] kind = KINDS.get(file.getKey());
            if (kind != null) h.append("<p>").append(esc(kind[1])).append("</p>");
            h.append("<p>File: ").append(esc(file.getKey())).append("</p>");
            // A file of several lists (the SEND record's status history, needs, cycles) has a table each;
            // a single record (the account) is one row.
            if (file.getValue() instanceof JsonObject parts && lists(parts)) {
                for (String part : parts.fieldNames()) {
                    h.append("<h3>").append(esc(words(part))).append("</h3>");
                    table(h, parts.getValue(part), zone, words(part));
                }
            } else table(h, file.getValue(), zone, title(file.getKey()));
            h.append("</section>");
        }
        h.append("<section id=\"held\"><h2>What was held back</h2>");
        if (withheld.isEmpty()) h.append("<p>Nothing the school may tell you about was held back.</p>");
        else {
            h.append("<ul>");
            for (Object w : withheld) {
                JsonObject o = (JsonObject) w;
                h.append("<li>")
                        .append(o.getLong("count"))
                        .append(' ')
                        .append(esc(o.getString("what")))
                        .append(": ")
                        .append(esc(o.getString("why")))
                        .append("</li>");
            }
            h.append("</ul>");
        }
        return h.append("</section></body></html>\n").toString();
    }

    /** A file of parts (lists, or a record that may be missing, as the phones' quiet hours), each shown apart. */
    private static boolean lists(JsonObject o) {
        if (o.isEmpty()) return false;
        boolean anyList = false;
        for (String k : o.fieldNames()) {
            Object v = o.getValue(k);
            if (v instanceof JsonArray) anyList = true;
            else if (v != null && !(v instanceof JsonObject)) return false;
        }
        return anyList;
    }

    private static String title(String file) {
        String[] kind = KINDS.get(file);
        return kind != null ? kind[0] : words(file.replace(".json", ""));
    }

    private static int count(Object data) {
        if (data instanceof JsonArray a) return a.size();
        if (data instanceof JsonObject o && lists(o)) {
            int n = 0;
            for (String k : o.fieldNames())
                n += o.getValue(k) instanceof JsonArray a ? a.size() : o.getValue(k) == null ? 0 : 1;
            return n;
        }
        return data == null ? 0 : 1;
    }

    /** Rows of objects as a table of their readable fields; anything else as text. */
    private static void table(StringBuilder h, Object data, ZoneId zone, String label) {
        List<JsonObject> rows = new ArrayList<>();
        if (data instanceof JsonArray a) for (Object o : a) if (o instanceof JsonObject j) rows.add(j);
        if (data instanceof JsonObject j) rows.add(j);
        if (rows.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        for (JsonObject r : rows) for (String k : r.fieldNames()) if (!hidden(k)) columns.add(k);
        h.append("<div class=\"wide\" tabindex=\"0\" role=\"region\" aria-label=\"")
                .append(esc(label))
                .append("\"><table><thead><tr>");
        for (String c : columns)
            h.append("<th scope=\"col\">").append(esc(words(c))).append("</th>");
        h.append("</tr></thead><tbody>");
        for (JsonObject r : rows.subList(0, Math.min(ROWS, rows.size()))) {
            h.append("<tr>");
            for (String c : columns)
                h.append("<td>").append(esc(value(c, r.getValue(c), zone))).append("</td>");
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");
        if (rows.size() > ROWS)
            h.append("<p>The first ")
                    .append(ROWS)
                    .append(" of ")
                    .append(rows.size())
                    .append(": the file has them all.</p>");
    }

    /** A value as a person reads it: dates and times in the school's zone, yes/no, lists joined. */
    private static String value(String key, Object v, ZoneId zone) {
        if (v == null) return "";
        if (v instanceof Boolean b) return b ? "yes" : "no";
        if (v instanceof JsonArray a) {
            List<String> parts = new ArrayList<>();
            for (Object o : a) parts.add(value(key, o, zone));
            return String.join(", ", parts);
        }
        if (v instanceof JsonObject o) {
            List<String> parts = new ArrayList<>();
            for (String k : o.fieldNames()) if (!hidden(k)) parts.add(words(k) + ": " + value(k, o.getValue(k), zone));
            return String.join("; ", parts);
        }
        String s = v.toString();
        try {
            if (s.length() > 10 && s.charAt(10) == 'T')
                return SchoolTime.when(OffsetDateTime.parse(s).toInstant(), zone);
            if (s.length() == 10 && s.charAt(4) == '-') return SchoolTime.day(LocalDate.parse(s));
        } catch (RuntimeException notADate) {
            // shown as it is
        }
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    /** `acknowledged_at` and `planIssuedOn` as "Acknowledged at", "Plan issued on". */
    static String words(String key) {
        String spaced = key.replace('_', ' ')
                .replace('-', ' ')
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase();
        return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    static String esc(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
