package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Request validation asks for a validator per value it checks; the contract it reads keeps one per schema. */
class ValidatorCacheTest {
    static final Vertx vertx = Vertx.vertx();

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    @Test
    void oneValidatorServesEveryRequestForTheSameSchemaAndStillRefusesBadInput() {
        OpenAPIContract contract = Contract.load(vertx).await().routable();
        JsonSchema body = contract.operation("sendMessage")
                .getRequestBody()
                .getContent()
                .get("application/json")
                .getSchema();
        SchemaRepository plain = contract.getSchemaRepository();
        assertNotSame(plain.validator(body), plain.validator(body), "Vert.x makes (and fills) a new one each time");

        SchemaRepository kept = ValidatorCache.of(contract).getSchemaRepository();
        assertSame(kept.validator(body), kept.validator(body));
        assertFalse(kept.validator(body).validate(new JsonObject()).getValid(), "a message needs its fields");
        assertTrue(kept.validator(body)
                .validate(new JsonObject().put("clientMessageId", "c-1").put("text", "Hello"))
                .getValid());
    }
}
