package app.tandem.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;

/**
 * Writes an answer whose JSON is its fields: a record's components by name (the contract's
 * camelCase), ids and dates as text, instants in UTC with a `Z`, a null field as null unless the
 * record says to leave it out (`@JsonInclude(NON_NULL)`). An answer that makes its own JSON
 * ({@link SqlJson}, {@link Page}, anything overriding `toJson`) is written that way wherever it
 * stands, so the two kinds nest. Jackson (already here for the Firebase SDK) rather than a
 * hand-written `toJson` for every record: the field names cannot drift from the record's, and the
 * same shape is not written out two hundred times.
 */
final class AnswerJson {
    private AnswerJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new VertxModule())
            .registerModule(new SimpleModule()
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .setSerializerModifier(new BeanSerializerModifier() {
                        @Override
                        public JsonSerializer<?> modifySerializer(
                                SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
                            return makesItsOwn(bean.getBeanClass()) ? OWN : serializer;
                        }
                    }));

    private static final JsonSerializer<Answer> OWN = new JsonSerializer<>() {
        @Override
        public void serialize(Answer answer, JsonGenerator out, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(answer.toJson(), out);
        }
    };

    @SuppressWarnings("unchecked")
    static JsonObject of(Answer answer) {
        return new JsonObject(MAPPER.convertValue(answer, Map.class));
    }

    static Buffer encode(Answer answer) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(answer));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(
                    "an answer Jackson cannot write: " + answer.getClass().getName(), ex);
        }
    }

    private static boolean makesItsOwn(Class<?> type) {
        if (!Answer.class.isAssignableFrom(type)) return false;
        try {
            return type.getMethod("toJson").getDeclaringClass() != Answer.class;
        } catch (NoSuchMethodException ex) {
            return false;
        }
    }
}
