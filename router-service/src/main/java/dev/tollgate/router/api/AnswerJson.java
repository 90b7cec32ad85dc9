package dev.tollgate.router.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.Money;
import dev.tollgate.pricing.Credits;

/**
 * Adds the gateway's price to an upstream answer while leaving everything else as the upstream wrote it:
 * the answer is read as a tree (every field kept, in order; decimals exact), {@code usage.cost} is added
 * (credits, 4 decimals, the unit of {@code X-Credit-Balance}), and the tree is written back.
 */
final class AnswerJson {

    static final ObjectMapper EXACT_JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AnswerJson() {
    }

    /** The JSON object in {@code text}, if it is one. */
    static Optional<ObjectNode> object(String text) {
        try {
            JsonNode node = EXACT_JSON.readTree(text);
            return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    static Optional<ObjectNode> object(byte[] body) {
        try {
            JsonNode node = EXACT_JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** {@code cost} in credits, e.g. {@code 0.0110}. */
    static BigDecimal credits(Money cost) {
        return Credits.of(cost);
    }

    /**
     * The answer with {@code usage.cost} added, or the body unchanged when it is not a JSON object with a
     * {@code usage} object (nothing to attach a cost to).
     */
    static byte[] withCost(byte[] body, Money cost) {
        return object(body).filter(answer -> answer.path("usage").isObject())
                .map(answer -> {
                    ((ObjectNode) answer.get("usage")).put("cost", credits(cost));
                    return write(answer);
                })
                .orElse(body);
    }

    static byte[] write(JsonNode node) {
        try {
            return EXACT_JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an answer the gateway just read", e);
        }
    }
}
