package dev.tollgate.router.upstream;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The upstream provider this instance forwards to. */
@ConfigMapping(prefix = "tollgate.router.upstream")
public interface UpstreamConfig {

    /** OpenAI-style base URL, e.g. {@code http://127.0.0.1:8089/v1}; requests go to {@code {base-url}/chat/completions}. */
    String baseUrl();

    /** Provider name recorded with the usage (pricing depends on it). */
    String provider();

    /** Sent as bearer token to the upstream when set. Never logged. */
    Optional<String> apiKey();

    @WithDefault("5s")
    Duration connectTimeout();

    /** How long the upstream may stay silent before the request counts as failed (a whole completion, for now). */
    @WithDefault("120s")
    Duration idleTimeout();
}
