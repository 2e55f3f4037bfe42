package app.tandem.notices;

import app.tandem.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who a notice is for: the whole school, classes, year groups, the SEN register, or named pupils. */
record Audience(String type, List<UUID> ids, List<Integer> yearGroups) {

    static Audience from(JsonObject json) {
        String type = json.getString("type");
        JsonArray ids = json.getJsonArray("ids");
        boolean needsIds = type.equals("classes") || type.equals("yearGroups") || type.equals("pupils");
        if (needsIds && (ids == null || ids.isEmpty()))
            throw Problem.invalid("body.audience.ids", "is required for " + type + ".");
        if (!needsIds && ids != null) throw Problem.invalid("body.audience.ids", "is not used for " + type + ".");
        try {
            return switch (type) {
                case "classes", "pupils" -> new Audience(
                        type,
                        ids.stream().map(o -> UUID.fromString(o.toString())).toList(),
                        List.of());
                case "yearGroups" -> new Audience(
                        type,
                        List.of(),
                        ids.stream().map(o -> yearGroup(o.toString())).toList());
                default -> new Audience(type, List.of(), List.of());
            };
        } catch (IllegalArgumentException ex) {
            throw Problem.invalid(
                    "body.audience.ids",
                    "has a value that is not a " + (type.equals("yearGroups") ? "year group." : "known id."));
        }
    }

    static Audience pupil(UUID pupilId) {
        return new Audience("pupils", List.of(pupilId), List.of());
    }

    private static int yearGroup(String value) {
        int year = Integer.parseInt(value);
        if (year < -1 || year > 14) throw new IllegalArgumentException();
        return year;
    }

    UUID[] idArray() {
        return ids.toArray(UUID[]::new);
    }

    Integer[] yearArray() {
        return yearGroups.toArray(Integer[]::new);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type);
        List<Object> named = new ArrayList<>();
        ids.forEach(id -> named.add(id.toString()));
        yearGroups.forEach(year -> named.add(String.valueOf(year)));
        if (!named.isEmpty()) json.put("ids", new JsonArray(named));
        return json;
    }
}
