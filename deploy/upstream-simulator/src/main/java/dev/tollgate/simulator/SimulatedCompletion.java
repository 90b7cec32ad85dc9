package dev.tollgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The deterministic answer to one chat completion request: everything here is a pure
 * function of the request body and the cached-tokens header, so the same request always
 * yields the same id, content and usage, streamed or not.
 *
 * <p>Token rule (kept deliberately trivial so tests can compute expected numbers by hand):
 * <ul>
 *   <li>{@code prompt_tokens} = for every message, 4 + the number of whitespace-separated
 *       words of its content. String content counts its words; array content counts the words
 *       of the {@code text} of each part (other parts, e.g. images, count 0); missing or null
 *       content counts 0. Nothing else in the request (roles, names, tools, tool calls) counts.</li>
 *   <li>{@code completion_tokens} = {@value #DEFAULT_COMPLETION_TOKENS}, or
 *       {@code max_completion_tokens} (else {@code max_tokens}) when that is smaller.</li>
 *   <li>{@code total_tokens} = prompt + completion.</li>
 *   <li>{@code cached_tokens} = the {@code x-simulator-cached-tokens} header, capped at
 *       {@code prompt_tokens}; 0 without the header.</li>
 * </ul>
 * The text answer is exactly {@code completion_tokens} words, the fixed phrase {@link #PHRASE}
 * repeated as needed, and its finish reason is {@code length} when the limit cut it short.
 * A tool call answer has the same usage and finish reason {@code tool_calls}.
 */
final class SimulatedCompletion {

    static final int DEFAULT_COMPLETION_TOKENS = 20;
    static final int TOKENS_PER_MESSAGE = 4;

    /** Twenty words, so the default answer is the phrase exactly once. */
    static final String PHRASE = "This is a deterministic answer from the Tollgate upstream simulator,"
            + " sized to exactly twenty words so usage numbers stay predictable.";
    private static final String[] PHRASE_WORDS = PHRASE.split(" ");

    final String id;
    final String model;
    final long created;
    final int promptTokens;
    final int completionTokens;
    final int cachedTokens;
    /** Null when the answer is a tool call. */
    final String content;
    /** Name of the function to call, null for a text answer. */
    final String toolName;
    final String finishReason;

    private SimulatedCompletion(String id, String model, long created, int promptTokens,
            int completionTokens, int cachedTokens, String content, String toolName, String finishReason) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cachedTokens = cachedTokens;
        this.content = content;
        this.toolName = toolName;
        this.finishReason = finishReason;
    }

    /**
     * Computes the answer for an already parsed request.
     *
     * @param rawBody the request bytes, hashed into the id so equal requests get equal ids
     * @param requestedCachedTokens the cached-tokens header value, or 0 without it
     * @throws SimulatorException (400) when the request is not a valid chat completion request
     */
    static SimulatedCompletion of(JsonNode request, byte[] rawBody, int requestedCachedTokens, long created) {
        String model = model(request);
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw SimulatorException.badRequest("'messages' must be a non-empty array");
        }

        int promptTokens = 0;
        for (JsonNode message : messages) {
            promptTokens += TOKENS_PER_MESSAGE + countWords(contentText(message.get("content")));
        }

        int limit = maxTokens(request);
        int completionTokens = Math.min(DEFAULT_COMPLETION_TOKENS, limit);
        int cachedTokens = Math.min(requestedCachedTokens, promptTokens);
        String id = "chatcmpl-sim-" + sha256Hex(rawBody).substring(0, 24);

        String toolName = toolToCall(request, messages);
        if (toolName != null) {
            return new SimulatedCompletion(id, model, created, promptTokens, completionTokens, cachedTokens,
                    null, toolName, "tool_calls");
        }
        String finishReason = completionTokens < DEFAULT_COMPLETION_TOKENS ? "length" : "stop";
        return new SimulatedCompletion(id, model, created, promptTokens, completionTokens, cachedTokens,
                String.join(" ", answerWords(completionTokens)), null, finishReason);
    }

    /** Reads and checks {@code model}; separate so failure knobs can act on the model before the rest is validated. */
    static String model(JsonNode request) {
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw SimulatorException.badRequest("you must provide a model parameter");
        }
        return model.asText();
    }

    // ---- the token rule ----

    static int countWords(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    /** The text of a message content: a plain string, or the {@code text} of each part of an array. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                JsonNode partText = part.get("text");
                if (partText != null && partText.isTextual()) {
                    // a space between parts so the last word of one part never glues onto the next
                    text.append(partText.asText()).append(' ');
                }
            }
            return text.toString();
        }
        throw SimulatorException.badRequest("message 'content' must be a string or an array of parts");
    }

    /** {@code max_completion_tokens} (the newer name) wins over {@code max_tokens}; no limit means the default. */
    private static int maxTokens(JsonNode request) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw SimulatorException.badRequest("'" + field + "' must be an integer of at least 1");
            }
            return value.asInt();
        }
        return DEFAULT_COMPLETION_TOKENS;
    }

    /** A tool call is made when tools are offered and the last user message mentions "weather". */
    private static String toolToCall(JsonNode request, JsonNode messages) {
        JsonNode tools = request.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        String lastUserText = null;
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asText())) {
                lastUserText = contentText(message.get("content"));
            }
        }
        if (lastUserText == null || !lastUserText.toLowerCase(Locale.ROOT).contains("weather")) {
            return null;
        }
        JsonNode firstTool = tools.get(0);
        // chat completions nest the name under "function"; accept a flat "name" too
        String name = firstTool.path("function").path("name").asText(firstTool.path("name").asText(""));
        if (name.isEmpty()) {
            throw SimulatorException.badRequest("the first tool has no function name");
        }
        return name;
    }

    static List<String> answerWords(int count) {
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(PHRASE_WORDS[i % PHRASE_WORDS.length]);
        }
        return words;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    // ---- JSON rendering ----

    ObjectNode usageJson(ObjectMapper json) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
        return usage;
    }

    /** The non-streaming {@code chat.completion} object. */
    ObjectNode completionJson(ObjectMapper json) {
        ObjectNode root = header(json, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (toolName != null) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", toolCallId());
            call.put("type", "function");
            call.putObject("function").put("name", toolName).put("arguments", "{}");
        } else {
            message.put("content", content);
        }
        choice.put("finish_reason", finishReason);
        root.set("usage", usageJson(json));
        return root;
    }

    /**
     * The {@code chat.completion.chunk} events of a stream, in order: the delta chunks (one per
     * word, the first also carrying the role), the chunk with the finish reason, and, when asked
     * for, the usage chunk with empty choices. Concatenating the deltas gives the non-streaming content.
     */
    StreamEvents streamEvents(ObjectMapper json, boolean includeUsage) {
        List<ObjectNode> deltas = new ArrayList<>();
        if (toolName != null) {
            ObjectNode delta = json.createObjectNode().put("role", "assistant").putNull("content");
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", 0).put("id", toolCallId()).put("type", "function");
            call.putObject("function").put("name", toolName).put("arguments", "");
            deltas.add(chunk(json, delta, null, includeUsage));
            ObjectNode arguments = json.createObjectNode();
            arguments.putArray("tool_calls").addObject().put("index", 0)
                    .putObject("function").put("arguments", "{}");
            deltas.add(chunk(json, arguments, null, includeUsage));
        } else {
            List<String> words = answerWords(completionTokens);
            for (int i = 0; i < words.size(); i++) {
                ObjectNode delta = json.createObjectNode();
                if (i == 0) {
                    delta.put("role", "assistant");
                }
                delta.put("content", i == 0 ? words.get(i) : " " + words.get(i));
                deltas.add(chunk(json, delta, null, includeUsage));
            }
        }
        ObjectNode finish = chunk(json, json.createObjectNode(), finishReason, includeUsage);
        ObjectNode usage = null;
        if (includeUsage) {
            usage = header(json, "chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usageJson(json));
        }
        return new StreamEvents(deltas, finish, usage);
    }

    /** The parts of a stream; {@code usage} is null unless {@code stream_options.include_usage}. */
    record StreamEvents(List<ObjectNode> deltas, ObjectNode finish, ObjectNode usage) {
    }

    private ObjectNode chunk(ObjectMapper json, ObjectNode delta, String finishReason, boolean includeUsage) {
        ObjectNode chunk = header(json, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            // like OpenAI: with include_usage every chunk has a usage field, null until the last one
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode header(ObjectMapper json, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private String toolCallId() {
        return "call_sim_" + id.substring("chatcmpl-sim-".length(), "chatcmpl-sim-".length() + 12);
    }
}
