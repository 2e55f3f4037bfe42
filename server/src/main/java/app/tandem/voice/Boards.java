package app.tandem.voice;

import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a pupil chooses from: the symbol board (OpenMoji by default, built from the npm package at
 * build time, or a set the school licenses), the feelings scales (faces from the board, words the
 * school may rename) and the talking mat's three columns. Also the school's voice settings.
 */
final class Boards {
    static final String DEFAULT_BOARD = "voice/default-board.json";
    private static final List<String> MAT_COLUMNS = List.of("like", "not-sure", "dislike");
    private static final List<String> MAT_SYMBOLS = List.of("openmoji:1F44D", "openmoji:2753", "openmoji:1F44E");
    private static final List<String> MAT_LABELS = List.of("I like it", "not sure", "I don't like it");

    /** A school's board as stored, ready to validate answers against. */
    /** A symbol board: a JSON document the app draws from (the school's licensed set, or OpenMoji's), kept as it is. */
    record Board(JsonObject json, Set<String> symbolIds, boolean shareAtOnce) implements Answer {
        @Override
        public JsonObject toJson() {
            return json;
        }

        JsonObject symbol(String id) {
            for (Object s : json.getJsonArray("symbols")) {
                if (s instanceof JsonObject o && o.getString("id").equals(id)) return o;
            }
            return null;
        }

        JsonObject scalePoint(int points, int value) {
            JsonArray scale = json.getJsonObject("scales").getJsonArray(points == 3 ? "three" : "five");
            return value >= 1 && value <= scale.size() ? scale.getJsonObject(value - 1) : null;
        }
    }

    private final Pool pool;
    private final Clock clock;
    private final JsonObject openMoji;

    Boards(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.openMoji = load();
    }

    private static JsonObject load() {
        try (InputStream in = Boards.class.getClassLoader().getResourceAsStream(DEFAULT_BOARD)) {
            if (in == null)
                throw new IllegalStateException(DEFAULT_BOARD + " is missing: build with Maven (it runs npm)");
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The board the caller's school uses, as the app draws it. */
    Future<Board> boardFor(Caller caller) {
        return board(pool, caller.schoolId());
    }

    Future<Board> board(SqlClient sql, UUID schoolId) {
        return SettingsStore.settings(sql, schoolId).map(this::board);
    }

    private Board board(Row settings) {
        JsonObject words = settings == null ? new JsonObject() : Json.object(settings.getValue("scale_words"));
        JsonObject licensed =
                settings == null || settings.getValue("board") == null ? null : Json.object(settings.getValue("board"));
        JsonObject json = new JsonObject()
                .put("set", licensed == null ? "openmoji" : licensed.getString("set"))
                .put(
                        "credit",
                        licensed == null
                                ? openMoji.getString("credit")
                                : licensed.getString("credit") + " Scale faces: " + openMoji.getString("credit"))
                .put(
                        "symbols",
                        licensed == null ? openMoji.getJsonArray("symbols").copy() : licensed.getJsonArray("symbols"))
                .put(
                        "scales",
                        new JsonObject()
                                .put("three", scale("3", words.getJsonArray("three")))
                                .put("five", scale("5", words.getJsonArray("five"))))
                .put("matColumns", matColumns());
        if (licensed == null)
            json.put("version", openMoji.getString("version")).put("licence", openMoji.getString("licence"));
        Set<String> ids = new HashSet<>();
        json.getJsonArray("symbols").forEach(s -> ids.add(((JsonObject) s).getString("id")));
        return new Board(json, ids, settings != null && settings.getBoolean("share_at_once"));
    }

    private JsonArray scale(String points, JsonArray words) {
        JsonArray scale = new JsonArray();
        JsonArray faces = openMoji.getJsonObject("scales").getJsonArray(points);
        for (int i = 0; i < faces.size(); i++) {
            JsonObject face = faces.getJsonObject(i);
            scale.add(new JsonObject()
                    .put("value", face.getInteger("value"))
                    .put("symbolId", face.getString("id"))
                    .put("hexcode", face.getString("hexcode"))
                    .put("word", words == null ? face.getString("word") : words.getString(i)));
        }
        return scale;
    }

    private static JsonArray matColumns() {
        JsonArray columns = new JsonArray();
        for (int i = 0; i < MAT_COLUMNS.size(); i++) {
            columns.add(new JsonObject()
                    .put("column", MAT_COLUMNS.get(i))
                    .put("label", MAT_LABELS.get(i))
                    .put("symbolId", MAT_SYMBOLS.get(i)));
        }
        return columns;
    }

    Future<Settings> settings(Caller caller) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        return board(pool, caller.schoolId()).map(Settings::of);
    }

    /**
     * A change to the school's voice settings (null keeps what is there). The board and the scale's
     * words are JSON documents the app draws from, kept as they are (jsonb).
     */
    record SettingsChange(Boolean shareAtOnce, JsonObject scaleWords, JsonObject board, boolean useDefaultBoard) {
        static SettingsChange from(JsonObject b) {
            return new SettingsChange(
                    b.getBoolean("shareAtOnce"),
                    b.getJsonObject("scaleWords"),
                    b.getJsonObject("board"),
                    b.getBoolean("useDefaultBoard", false));
        }
    }

    Future<Settings> updateSettings(Caller caller, SettingsChange change) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        if (change.board() != null && change.useDefaultBoard())
            throw Problem.invalid("body.useDefaultBoard", "cannot be sent with a board.");
        JsonObject board = change.board();
        if (board != null) {
            Set<String> ids = new HashSet<>();
            JsonArray symbols = board.getJsonArray("symbols");
            for (int i = 0; i < symbols.size(); i++) {
                if (!ids.add(symbols.getJsonObject(i).getString("id")))
                    throw Problem.invalid("body.board.symbols[" + i + "].id", "is on the board twice.");
            }
        }
        JsonObject words = change.scaleWords();
        boolean resetBoard = change.useDefaultBoard();
        return SettingsStore.change(
                        pool,
                        caller.schoolId(),
                        change.shareAtOnce(),
                        words,
                        board,
                        resetBoard,
                        caller.subject(),
                        clock.instant())
                .compose(done -> settings(caller));
    }

    /** The school's voice settings: whether views reach parents at once, the scales' words, the symbol set. */
    record Settings(boolean shareAtOnce, ScaleWords scaleWords, String set) implements Answer {
        static Settings of(Board board) {
            JsonObject scales = board.json().getJsonObject("scales");
            return new Settings(
                    board.shareAtOnce(),
                    new ScaleWords(words(scales.getJsonArray("three")), words(scales.getJsonArray("five"))),
                    board.json().getString("set"));
        }

        private static List<String> words(JsonArray scale) {
            return scale.stream().map(p -> ((JsonObject) p).getString("word")).toList();
        }
    }

    /** The words under the faces of the three- and five-point scales. */
    record ScaleWords(List<String> three, List<String> five) {}
}
