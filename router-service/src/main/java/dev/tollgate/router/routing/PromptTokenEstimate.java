package dev.tollgate.router.routing;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deliberately high count of the prompt tokens of a chat request, made before any tokenizer runs (the
 * router does not know every provider's tokenizer). English text averages about 4 characters per token,
 * so counting one token per 3 characters over-estimates ordinary text by about a third; scripts whose
 * characters are tokens of their own count one token per character; images and per-message framing get
 * fixed allowances above what providers bill:
 * <pre>
 *   tokens = REQUEST_OVERHEAD
 *          + per message: MESSAGE_OVERHEAD + text(role, name, content text parts, tool calls, tool call id)
 *                         + IMAGE_ALLOWANCE per image part
 *          + text(JSON of tools / functions / response_format)
 *   text(s) = ceil(latin / 3) + other-script code points + 3 x code points outside the basic plane (emoji)
 * </pre>
 * where "latin" counts code points below U+0250 (ASCII and the Latin extensions).
 */
public final class PromptTokenEstimate {

    /** Framing every request carries (priming of the answer, separators). Providers use about 3. */
    public static final long REQUEST_OVERHEAD_TOKENS = 8;
    /** Framing of one message (role markers, separators). Providers use about 3 to 4. */
    public static final long MESSAGE_OVERHEAD_TOKENS = 8;
    /**
     * One image, whatever its size or detail: above the largest high-detail image OpenAI bills (1,105
     * tokens for a 2048 x 4096 image) and the largest Anthropic bills (about 1,600 tokens).
     */
    public static final long IMAGE_ALLOWANCE_TOKENS = 1_600;

    private static final int LATIN_LIMIT = 0x0250;

    private PromptTokenEstimate() {
    }

    public static long of(ObjectNode request) {
        long tokens = REQUEST_OVERHEAD_TOKENS;
        JsonNode messages = request.path("messages");
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                tokens += MESSAGE_OVERHEAD_TOKENS + message(message);
            }
        }
        for (String field : new String[] {"tools", "functions", "response_format"}) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                tokens += text(value.toString());
            }
        }
        return tokens;
    }

    /** How many image parts the request's messages carry. */
    public static int imageCount(ObjectNode request) {
        int images = 0;
        for (JsonNode message : request.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (isImage(part)) {
                    images++;
                }
            }
        }
        return images;
    }

    private static long message(JsonNode message) {
        if (!message.isObject()) {
            return text(message.toString());
        }
        long tokens = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = message.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if ("content".equals(field.getKey()) && value.isArray()) {
                for (JsonNode part : value) {
                    tokens += part(part);
                }
            } else if (value.isTextual()) {
                tokens += text(value.asText());
            } else if (!value.isNull()) {
                // tool calls, function calls and anything else the provider will read: their JSON text
                tokens += text(value.toString());
            }
        }
        return tokens;
    }

    private static long part(JsonNode part) {
        if (isImage(part)) {
            return IMAGE_ALLOWANCE_TOKENS;
        }
        JsonNode text = part.get("text");
        if (text != null && text.isTextual()) {
            return text(text.asText());
        }
        return part.isTextual() ? text(part.asText()) : text(part.toString());
    }

    private static boolean isImage(JsonNode part) {
        String type = part.path("type").asText("");
        return type.equals("image_url") || type.equals("image") || type.equals("input_image") || part.has("image_url");
    }

    /** The token estimate of one piece of text: see the class comment. */
    public static long text(String text) {
        long latin = 0;
        long otherScript = 0;
        long outsideBasicPlane = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < LATIN_LIMIT) {
                latin++;
            } else if (Character.isSupplementaryCodePoint(codePoint)) {
                outsideBasicPlane++;
            } else {
                otherScript++;
            }
        }
        return (latin + 2) / 3 + otherScript + 3 * outsideBasicPlane;
    }
}
