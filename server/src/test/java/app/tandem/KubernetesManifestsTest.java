package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every overlay in `k8s/` as `kubectl kustomize` renders it, checked offline: Kubernetes' own objects
 * field by field through the fabric8 model (a field the model does not know is an error), and the
 * CloudNativePG objects against the operator's own CRD schemas (`k8s/crds/`, CloudNativePG 1.30.0),
 * closed so that a misspelled field fails too.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("..", "k8s");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOverlayRendersAndEveryObjectIsValid() throws Exception {
        for (String overlay : List.of("dev", "production")) {
            List<JsonObject> objects = render(overlay);
            List<String> problems = new ArrayList<>();
            for (JsonObject object : objects) problems.addAll(check(object));
            assertEquals(List.of(), problems, overlay);
            assertTrue(
                    objects.stream().anyMatch(o -> o.getString("kind").equals("Cluster")),
                    overlay + " has its database");
        }
    }

    @Test
    void aMisspelledFieldFailsTheCheckWhereverItIs() throws Exception {
        JsonObject deployment = find(render("production"), "Deployment");
        deployment.getJsonObject("spec").put("replicaz", 3);
        assertTrue(check(deployment).stream().anyMatch(p -> p.contains("replicaz")), "a core object");
        JsonObject cluster = find(render("production"), "Cluster");
        cluster.getJsonObject("spec")
                .getJsonObject("bootstrap")
                .getJsonObject("initdb")
                .put("databse", "tandem");
        assertTrue(check(cluster).stream().anyMatch(p -> p.contains("databse")), "a CloudNativePG object");
        JsonObject backup = find(render("production"), "ScheduledBackup");
        backup.getJsonObject("spec").put("method", "tape");
        assertTrue(!check(backup).isEmpty(), "a value the operator does not allow");
    }

    @Test
    void productionRunsThreeDatabaseInstancesAndSeveralReplicasBehindAProbe() throws Exception {
        List<JsonObject> production = render("production");
        assertEquals(3, find(production, "Cluster").getJsonObject("spec").getInteger("instances"));
        JsonObject app = find(production, "Deployment").getJsonObject("spec");
        assertTrue(app.getInteger("replicas") >= 2);
        JsonObject container = app.getJsonObject("template")
                .getJsonObject("spec")
                .getJsonArray("containers")
                .getJsonObject(0);
        assertEquals(
                "/health/ready",
                container
                        .getJsonObject("readinessProbe")
                        .getJsonObject("httpGet")
                        .getString("path"));
        JsonObject security = container.getJsonObject("securityContext");
        assertTrue(security.getBoolean("readOnlyRootFilesystem"));
        assertEquals(false, security.getBoolean("allowPrivilegeEscalation"));
        assertEquals(
                "tandem-db-app",
                container
                        .getJsonArray("env")
                        .getJsonObject(0)
                        .getJsonObject("valueFrom")
                        .getJsonObject("secretKeyRef")
                        .getString("name"));
        assertEquals(1, find(render("dev"), "Cluster").getJsonObject("spec").getInteger("instances"));
    }

    /** Each replica's pool, and the three connections it LISTENs on (directory changes, live events, push wake-ups). */
    private static final int LISTENERS = 3;

    @Test
    void productionSurvivesANodeOrAPrimaryWithoutLosingACommittedWriteAndItsConnectionsFit() throws Exception {
        List<JsonObject> production = render("production");
        JsonArray spread = find(production, "Deployment")
                .getJsonObject("spec")
                .getJsonObject("template")
                .getJsonObject("spec")
                .getJsonArray("topologySpreadConstraints");
        assertEquals(
                List.of("kubernetes.io/hostname:DoNotSchedule", "topology.kubernetes.io/zone:ScheduleAnyway"),
                spread.stream()
                        .map(JsonObject.class::cast)
                        .map(c -> c.getString("topologyKey") + ":" + c.getString("whenUnsatisfiable"))
                        .toList());
        JsonObject cluster = find(production, "Cluster").getJsonObject("spec");
        JsonObject sync = cluster.getJsonObject("postgresql").getJsonObject("synchronous");
        assertEquals("required", sync.getString("dataDurability"));
        assertTrue(sync.getInteger("number") >= 1 && sync.getInteger("number") < cluster.getInteger("instances"));
        assertEquals("required", cluster.getJsonObject("affinity").getString("podAntiAffinityType"));
        assertEquals(
                "200",
                cluster.getJsonObject("postgresql").getJsonObject("parameters").getString("max_connections"),
                "the base's parameters survive the overlay's patch");

        int maxReplicas = find(production, "HorizontalPodAutoscaler")
                .getJsonObject("spec")
                .getInteger("maxReplicas");
        int pool = Integer.parseInt(
                find(production, "ConfigMap").getJsonObject("data").getString("TANDEM_DB_POOL_SIZE"));
        int maxConnections = Integer.parseInt(
                cluster.getJsonObject("postgresql").getJsonObject("parameters").getString("max_connections"));
        assertTrue(
                maxReplicas * (pool + LISTENERS) + 10 <= maxConnections,
                "at the autoscaler's maximum every replica's pool and listeners fit, with room for the operator:"
                        + " no pooler needed");
    }

    private static JsonObject find(List<JsonObject> objects, String kind) {
        return objects.stream()
                .filter(o -> o.getString("kind").equals(kind))
                .findFirst()
                .orElseThrow();
    }

    /** The overlay as `kubectl kustomize` renders it, one object each. */
    private static List<JsonObject> render(String overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder(
                            "kubectl",
                            "kustomize",
                            K8S.resolve("overlays").resolve(overlay).toString())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException missing) {
            throw new AssertionError(
                    "kubectl is needed to render k8s/: install it (Debian: apt-get install kubernetes-client;"
                            + " .ci/run does this when it is missing)",
                    missing);
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize took too long");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + overlay + ": " + err);
        List<JsonObject> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out)) {
            if (doc instanceof Map<?, ?> map) objects.add(new JsonObject(JSON.writeValueAsString(map)));
        }
        return objects;
    }

    private static List<String> check(JsonObject object) throws Exception {
        String where = object.getString("kind") + "/"
                + object.getJsonObject("metadata").getString("name");
        if (object.getString("apiVersion").startsWith("postgresql.cnpg.io/")) return againstCrd(where, object);
        List<String> problems = new ArrayList<>();
        KubernetesResource model = JSON.readValue(object.encode(), KubernetesResource.class);
        unknownFields(model, where, problems, new IdentityHashMap<>());
        return problems;
    }

    /** Every field the fabric8 model kept aside as unknown, at any depth. */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen)
            throws Exception {
        if (value == null || seen.put(value, true) != null) return;
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) unknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet())
                unknownFields(e.getValue(), path + "." + e.getKey(), problems, seen);
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) continue;
            Object child = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty())
                    problems.add(path + ": unknown field(s) " + extra.keySet());
            } else {
                unknownFields(child, path + "." + getter.getName().substring(3), problems, seen);
            }
        }
    }

    /** Against the operator's CRD schema, with every object that lists its properties closed to others. */
    private static List<String> againstCrd(String where, JsonObject object) throws IOException {
        String kind = object.getString("kind").toLowerCase(java.util.Locale.ROOT);
        Path file = K8S.resolve("crds").resolve("postgresql.cnpg.io_" + kind + "s.yaml");
        JsonObject crd = new JsonObject(JSON.writeValueAsString(
                new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(Files.readString(file))));
        JsonArray versions = crd.getJsonObject("spec").getJsonArray("versions");
        JsonObject schema = versions.getJsonObject(0).getJsonObject("schema").getJsonObject("openAPIV3Schema");
        close(schema);
        OutputUnit result = Validator.create(
                        JsonSchema.of(schema),
                        new JsonSchemaOptions()
                                .setDraft(Draft.DRAFT7)
                                .setBaseUri("https://tandem.test/crd")
                                .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic))
                .validate(object);
        List<String> problems = new ArrayList<>();
        if (!result.getValid()) {
            if (result.getErrors() == null) problems.add(where + ": " + result.getError());
            else
                result.getErrors()
                        .forEach(e -> problems.add(where + " " + e.getInstanceLocation() + ": " + e.getError()));
        }
        return problems;
    }

    /** Objects that list their properties accept no others (the API server would drop or refuse them). */
    private static void close(Object node) {
        if (node instanceof JsonObject schema) {
            if (schema.containsKey("properties")
                    && !schema.containsKey("additionalProperties")
                    && !schema.getBoolean("x-kubernetes-preserve-unknown-fields", false)) {
                schema.put("additionalProperties", false);
            }
            schema.forEach(e -> close(e.getValue()));
        } else if (node instanceof JsonArray array) {
            array.forEach(KubernetesManifestsTest::close);
        }
    }
}
