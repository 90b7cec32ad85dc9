package dev.tollgate.router.billing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the ledger's hold API is and how long the router waits for it. */
@ConfigMapping(prefix = "tollgate.router.ledger")
public interface LedgerClientConfig {

    /** The ledger service's base URL, e.g. {@code http://127.0.0.1:8082}. */
    @WithDefault("http://127.0.0.1:8082")
    String url();

    @WithDefault("2s")
    Duration connectTimeout();

    /** A hold command is one small transaction: beyond this the ledger counts as unavailable. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Pooled keep-alive connections to the ledger: every request makes two calls. */
    @WithDefault("50")
    int maxConnections();

    /**
     * How long a hold lives when the router never settles it (crash): it must outlast the longest
     * upstream answer, streams included, since an expired hold can no longer be captured.
     */
    @WithDefault("10m")
    Duration holdLifetime();
}
