package dev.tollgate.router.upstream;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the router talks to every upstream provider (each provider's address: {@link ProvidersConfig}). */
@ConfigMapping(prefix = "tollgate.router.upstream")
public interface UpstreamConfig {

    /**
     * Base URL of the local upstream simulator, the default address of the provider {@code simulator}
     * (see application.properties).
     */
    String baseUrl();

    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long the upstream may stay silent before the call counts as failed: the wait for a whole
     * answer, or between two chunks of a stream.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Pooled keep-alive connections per provider. */
    @WithDefault("100")
    int maxConnections();
}
