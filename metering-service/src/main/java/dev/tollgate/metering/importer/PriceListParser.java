package dev.tollgate.metering.importer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.tollgate.metering.domain.ModelPriceVersion;
import dev.tollgate.pricing.QuoteUnit;

/**
 * Reads a provider price list in the format of the per-model price maps that LLM gateways share
 * (a JSON object: model id → entry, prices in USD per token). Numbers are read as exact decimals
 * straight from the JSON text ({@code 2.5e-06} stays exactly 0.0000025), never through a double.
 *
 * <p>Fields used per entry: {@code input_cost_per_token}, {@code output_cost_per_token} (both required),
 * {@code cache_read_input_token_cost} (default: the input cost), {@code cache_creation_input_token_cost},
 * {@code max_input_tokens}, {@code max_output_tokens} (or {@code max_tokens}), {@code litellm_provider},
 * {@code mode} (only {@code chat} entries are imported), {@code supports_function_calling} → {@code tools},
 * {@code supports_vision} → {@code vision}, {@code supports_response_schema} → {@code json_mode},
 * {@code supports_prompt_caching} → {@code prompt_caching}, {@code supports_native_streaming} (absent or true →
 * {@code streaming}). Tollgate's own optional fields: {@code tollgate_tier}, {@code tollgate_tool_calling_quality}
 * (0..1), {@code currency} (default USD), {@code quoted_per} ({@code token} default, {@code thousand_tokens},
 * {@code million_tokens}: the unit of every cost field of the entry). Other fields are ignored, as is the
 * {@code sample_spec} entry.
 */
public final class PriceListParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PriceListParser() {
    }

    /** The parsed entries and, per skipped model, why. */
    public record ParsedPriceList(List<ModelPriceVersion> models, Map<String, String> skipped) {
    }

    /**
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static ParsedPriceList parse(String json, Instant effectiveFrom, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the price list is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the price list must be a JSON object of model id to entry");
        }
        List<ModelPriceVersion> models = new ArrayList<>();
        Map<String, String> skipped = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String model = field.getKey();
            JsonNode entry = field.getValue();
            if ("sample_spec".equals(model)) {
                continue;
            }
            try {
                String reason = reasonToSkip(entry);
                if (reason != null) {
                    skipped.put(model, reason);
                } else {
                    models.add(toVersion(model, entry, effectiveFrom, sourceName));
                }
            } catch (IllegalArgumentException e) {
                skipped.put(model, e.getMessage());
            }
        }
        return new ParsedPriceList(models, skipped);
    }

    private static String reasonToSkip(JsonNode entry) {
        if (!entry.isObject()) {
            return "entry is not an object";
        }
        String mode = entry.path("mode").asText("chat");
        if (!"chat".equals(mode)) {
            return "mode '" + mode + "' is not priced by the gateway (only chat)";
        }
        if (!entry.path("input_cost_per_token").isNumber() || !entry.path("output_cost_per_token").isNumber()) {
            return "input_cost_per_token and output_cost_per_token are required numbers";
        }
        return null;
    }

    private static ModelPriceVersion toVersion(String model, JsonNode entry, Instant effectiveFrom, String sourceName) {
        QuoteUnit unit = switch (entry.path("quoted_per").asText("token")) {
            case "token" -> QuoteUnit.PER_TOKEN;
            case "thousand_tokens" -> QuoteUnit.PER_THOUSAND_TOKENS;
            case "million_tokens" -> QuoteUnit.PER_MILLION_TOKENS;
            default -> throw new IllegalArgumentException("quoted_per must be token, thousand_tokens or million_tokens");
        };
        BigDecimal prompt = rate(entry, "input_cost_per_token", unit);
        BigDecimal completion = rate(entry, "output_cost_per_token", unit);
        BigDecimal cachedPrompt = entry.has("cache_read_input_token_cost") ? rate(entry, "cache_read_input_token_cost", unit) : prompt;
        BigDecimal cacheWrite = entry.has("cache_creation_input_token_cost") ? rate(entry, "cache_creation_input_token_cost", unit) : null;
        List<String> capabilities = new ArrayList<>();
        if (entry.path("supports_native_streaming").asBoolean(true)) {
            capabilities.add("streaming");
        }
        if (entry.path("supports_function_calling").asBoolean(false)) {
            capabilities.add("tools");
        }
        if (entry.path("supports_response_schema").asBoolean(false)) {
            capabilities.add("json_mode");
        }
        if (entry.path("supports_vision").asBoolean(false)) {
            capabilities.add("vision");
        }
        if (entry.path("supports_prompt_caching").asBoolean(false)) {
            capabilities.add("prompt_caching");
        }
        BigDecimal quality = entry.path("tollgate_tool_calling_quality").isNumber()
                ? entry.path("tollgate_tool_calling_quality").decimalValue() : null;
        if (quality != null && (quality.signum() < 0 || quality.compareTo(BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException("tollgate_tool_calling_quality must be between 0 and 1");
        }
        String tier = entry.hasNonNull("tollgate_tier") ? entry.get("tollgate_tier").asText() : tierByCompletionRate(completion);
        String currency = entry.path("currency").asText("USD");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
        return new ModelPriceVersion(model, entry.path("litellm_provider").asText("unknown"), tier, currency, capabilities,
                positiveOrNull(entry, "max_input_tokens"),
                positiveOrNull(entry, entry.has("max_output_tokens") ? "max_output_tokens" : "max_tokens"),
                quality, prompt, cachedPrompt, completion, cacheWrite, unit, effectiveFrom,
                model + "@" + effectiveFrom, "import:" + sourceName);
    }

    /**
     * A tier for a model the list does not place: by its completion rate per million tokens
     * (below 1 budget, below 5 light, below 20 standard, else premium).
     */
    static String tierByCompletionRate(BigDecimal completionPerMillion) {
        if (completionPerMillion.compareTo(BigDecimal.ONE) < 0) {
            return "budget";
        }
        if (completionPerMillion.compareTo(BigDecimal.valueOf(5)) < 0) {
            return "light";
        }
        if (completionPerMillion.compareTo(BigDecimal.valueOf(20)) < 0) {
            return "standard";
        }
        return "premium";
    }

    private static BigDecimal rate(JsonNode entry, String field, QuoteUnit unit) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isNumber() || value.decimalValue().signum() < 0) {
            throw new IllegalArgumentException(field + " must be a number >= 0");
        }
        return unit.toPerMillion(value.decimalValue()).stripTrailingZeros();
    }

    private static Integer positiveOrNull(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value != null && value.canConvertToInt() && value.asInt() > 0 ? value.asInt() : null;
    }
}
