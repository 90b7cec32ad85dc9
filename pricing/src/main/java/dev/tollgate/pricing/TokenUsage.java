package dev.tollgate.pricing;

/** Tokens of one request; {@code cachedPromptTokens} is the part of {@code promptTokens} read from cache. */
public record TokenUsage(long promptTokens, long cachedPromptTokens, long completionTokens) {

    public TokenUsage {
        if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0 || cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("token counts must be >= 0 and cached <= prompt");
        }
    }

    public long uncachedPromptTokens() {
        return promptTokens - cachedPromptTokens;
    }
}
