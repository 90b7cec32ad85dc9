package dev.tollgate.router.upstream;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an upstream stream has produced so far: the usage it reported (OpenAI sends it in the last chunk
 * when asked with {@code stream_options.include_usage}) and, for a stream that ends before that chunk,
 * the number of chunks that carried generated output.
 *
 * <p>Counting rule for a stream cut short: every chunk whose choices carry a non-empty {@code content},
 * {@code refusal} or any {@code tool_calls} delta counts as one completion token. OpenAI-compatible
 * providers stream about one token per chunk (the simulator exactly one), so this is the usual estimate;
 * it errs low if a provider packs several tokens in one chunk.
 */
public final class StreamProgress {

    private long outputChunks;
    private UpstreamUsage reportedUsage;

    /** Takes in one parsed chunk of the stream. */
    public void observe(JsonNode chunk) {
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            reportedUsage = UpstreamUsage.fromJson(usage);
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            if (hasText(delta.path("content")) || hasText(delta.path("refusal"))
                    || (delta.path("tool_calls").isArray() && !delta.path("tool_calls").isEmpty())) {
                outputChunks++;
                return;
            }
        }
    }

    public Optional<UpstreamUsage> reportedUsage() {
        return Optional.ofNullable(reportedUsage);
    }

    public long outputChunks() {
        return outputChunks;
    }

    /** The reported usage, or else the prompt estimate and one completion token per output chunk. */
    public UpstreamUsage usageOrEstimate(long estimatedPromptTokens) {
        return reportedUsage().orElseGet(() -> new UpstreamUsage(Math.max(0, estimatedPromptTokens), 0, outputChunks));
    }

    private static boolean hasText(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty();
    }
}
