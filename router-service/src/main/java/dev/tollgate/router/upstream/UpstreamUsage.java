package dev.tollgate.router.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token counts an upstream reported for one request.
 *
 * @param promptTokens       all prompt tokens, cached ones included
 * @param cachedPromptTokens the part of the prompt served from the provider's cache
 * @param completionTokens   tokens generated
 */
public record UpstreamUsage(long promptTokens, long cachedPromptTokens, long completionTokens) {

    public UpstreamUsage {
        if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0 || cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("token counts must be >= 0 and cached <= prompt");
        }
    }

    /**
     * The OpenAI {@code usage} object. Negative counts read as 0; more cached tokens than prompt tokens
     * are capped at the prompt (cached tokens are a part of the prompt: never bill more of them).
     */
    public static UpstreamUsage fromJson(JsonNode usage) {
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cached = Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        return new UpstreamUsage(prompt, Math.min(cached, prompt), completion);
    }

    public boolean hasTokens() {
        return promptTokens > 0 || completionTokens > 0;
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
