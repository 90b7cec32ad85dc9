package dev.tollgate.router.upstream;

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

    public boolean hasTokens() {
        return promptTokens > 0 || completionTokens > 0;
    }
}
