package dev.tollgate.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token classes priced separately. */
public enum TokenClass {
    @JsonProperty("prompt") PROMPT,
    /** Prompt tokens served from the provider's cache: upstream cached rate, platform fee unchanged. */
    @JsonProperty("cached_prompt") CACHED_PROMPT,
    @JsonProperty("completion") COMPLETION
}
