package dev.tollgate.router.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a client's chat completion request as a JSON tree, so every field the gateway does not
 * interpret reaches the upstream untouched. Decimal numbers stay exact decimals (never a double
 * round trip: {@code 0.10} stays {@code 0.10}).
 */
final class ChatCompletionRequest {

    private static final ObjectMapper EXACT_JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ChatCompletionRequest() {
    }

    /** The request body as an object with a {@code model} and {@code messages}, or a 400 error. */
    static ObjectNode parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : EXACT_JSON.readTree(body);
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json",
                    "We could not parse the JSON body of your request. Expected a JSON object.");
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The request body must be a JSON object.");
        }
        ObjectNode request = (ObjectNode) root;
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayException.invalidRequest("model", "missing_required_parameter",
                    "You must provide a model parameter (a model name, or \"auto\").");
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "missing_required_parameter",
                    "You must provide messages: a non-empty array.");
        }
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw GatewayException.invalidRequest("stream", "invalid_type", "stream must be true or false.");
        }
        return request;
    }

    static String model(ObjectNode request) {
        return request.get("model").asText();
    }

    static boolean isStreaming(ObjectNode request) {
        return request.path("stream").asBoolean(false);
    }

    /** Whether the client itself asked for the usage chunk at the end of a stream. */
    static boolean wantsStreamUsage(ObjectNode request) {
        return request.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** Asks the upstream for the usage chunk whatever the client asked: the gateway bills from it. */
    static void askUpstreamForStreamUsage(ObjectNode request) {
        JsonNode options = request.get("stream_options");
        ObjectNode streamOptions = options != null && options.isObject() ? (ObjectNode) options : request.putObject("stream_options");
        streamOptions.put("include_usage", true);
    }
}
