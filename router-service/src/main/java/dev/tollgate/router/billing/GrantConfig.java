package dev.tollgate.router.billing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The leased grants the gateway pays from ({@link GrantLeases}); the lifetime of a grant is
 * {@code tollgate.router.ledger.hold-lifetime}.
 */
@ConfigMapping(prefix = "tollgate.router.grants")
public interface GrantConfig {

    /** The largest grant asked for, in micro-units (unless one request needs more): 1.00 of the currency by default. */
    @WithDefault("1000000")
    long chunkMicros();

    /** A grant is at most this percentage of the account's last known available balance. */
    @WithDefault("25")
    int shareOfAvailablePercent();

    /** A successor is placed in the background once the current grant has less than this percentage left. */
    @WithDefault("25")
    int renewBelowPercent();

    /** A grant takes no new reservations after this long; it is settled once its requests are done. */
    @WithDefault("30s")
    Duration rotateAfter();

    /** How often a settlement is tried while the ledger does not answer. */
    @WithDefault("5")
    int settleAttempts();
}
