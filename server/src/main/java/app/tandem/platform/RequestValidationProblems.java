package app.tandem.platform;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the contract validator's exceptions into problems that name each bad field the way the app
 * sends it (`body.email`, `query.limit`), with messages in plain words.
 */
final class RequestValidationProblems {
    private static final Pattern PARAMETER =
            Pattern.compile("\\b(path|query|header|cookie) parameter ([A-Za-z0-9_.-]+)");
    private static final java.util.Set<String> WRAPPERS =
            java.util.Set.of("properties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "$ref", "then", "else");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private RequestValidationProblems() {}

    /** The problem for a validator's refusal, saying what each field allows when the operation is known. */
    static Problem from(ValidatorException ex, ContractSchemas schemas, String operationId) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (message.contains("body can't be decoded")) {
            return new Problem(ProblemType.MALFORMED_JSON, "The request body could not be read as JSON.");
        }
        if (message.contains("body is not supported") || message.contains("is not yet supported")) {
            return new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        if (message.contains("does not contain the required body")) {
            return Problem.invalid("body", "A request body is required.");
        }
        Matcher parameter = PARAMETER.matcher(message);
        if (parameter.find()) {
            String field = parameter.group(1) + "." + parameter.group(2);
            String allowed = schemas == null || operationId == null
                    ? null
                    : Allowed.say(parameterKeyword(ex), schemas.parameter(operationId, field));
            return Problem.invalid(
                    field,
                    allowed != null && ex.type() != ValidatorErrorType.MISSING_REQUIRED_PARAMETER
                            ? allowed
                            : parameterMessage(ex, parameter.group(2)));
        }
        if (ex instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
            return Problem.invalid(bodyErrors(schema.getOutputUnit(), schemas, operationId));
        }
        return Problem.invalid("body", "The request body is not valid.");
    }

    private static String parameterMessage(ValidatorException ex, String name) {
        return switch (ex.type()) {
            case MISSING_REQUIRED_PARAMETER -> name + " is required.";
            default -> name + " has a value that is not allowed.";
        };
    }

    /** One error per field: the innermost unit for each instance location says the most. */
    private static List<FieldError> bodyErrors(OutputUnit root, ContractSchemas schemas, String operationId) {
        Map<String, String> byField = new LinkedHashMap<>();
        collect(root, byField, schemas, operationId);
        if (byField.isEmpty()) byField.put("body", "The request body is not valid.");
        List<FieldError> errors = new ArrayList<>();
        byField.forEach((field, msg) -> errors.add(new FieldError(field, msg)));
        return errors;
    }

    private static void collect(OutputUnit unit, Map<String, String> out, ContractSchemas schemas, String operationId) {
        if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
            unit.getErrors().forEach(child -> collect(child, out, schemas, operationId));
            return;
        }
        if (unit.getError() == null) return;
        String keyword = lastSegment(unit.getKeywordLocation());
        // Wrappers only say that something inside failed; the unit for the failing keyword follows.
        if (WRAPPERS.contains(keyword)) return;
        String location = unit.getInstanceLocation() == null
                ? ""
                : unit.getInstanceLocation().replaceFirst("^#", "");
        String field = "body" + location.replace('/', '.').replaceAll("\\.$", "");
        String message;
        switch (keyword) {
            case "required" -> {
                field = field + "." + quoted(unit.getError());
                message = "is required.";
            }
            case "additionalProperties", "unevaluatedProperties" -> {
                String property = quoted(unit.getError());
                if (!field.endsWith("." + property)) field = field + "." + property;
                message = "is not a field this request takes.";
            }
            case "maxLength" -> message = "is too long.";
            case "minLength" -> message = "is too short.";
            case "format" -> message = "is not in the expected format.";
            case "type" -> message = "has the wrong type.";
            case "enum", "const" -> message = "is not one of the allowed values.";
            case "pattern" -> message = "contains characters that are not allowed.";
            case "minimum", "exclusiveMinimum" -> message = "is too small.";
            case "maximum", "exclusiveMaximum" -> message = "is too large.";
            case "maxItems" -> message = "has too many items.";
            case "minItems" -> message = "has too few items.";
            default -> message = "is not valid.";
        }
        if (schemas != null && operationId != null) {
            String allowed = Allowed.say(keyword, schemas.bodyField(operationId, unit.getKeywordLocation()));
            if (allowed != null) message = allowed;
        }
        out.putIfAbsent(field, message);
    }

    private static String lastSegment(String pointer) {
        if (pointer == null) return "";
        int slash = pointer.lastIndexOf('/');
        return slash < 0 ? pointer : pointer.substring(slash + 1);
    }

    private static String quoted(String text) {
        Matcher m = QUOTED.matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    /** The schema keyword a parameter broke, from the validator's message (`... maxLength ...`). */
    private static String parameterKeyword(ValidatorException ex) {
        if (ex instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
            OutputUnit unit = schema.getOutputUnit();
            while (unit.getErrors() != null && !unit.getErrors().isEmpty())
                unit = unit.getErrors().get(0);
            return lastSegment(unit.getKeywordLocation());
        }
        return "";
    }
}
