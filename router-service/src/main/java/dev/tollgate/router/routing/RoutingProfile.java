package dev.tollgate.router.routing;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An account's one routing profile: which models its requests may use. The control plane stores it;
 * model selection applies it to every request of the account's keys.
 *
 * @param lowestTier          the cheapest tier the account accepts
 * @param highestTier         the most expensive tier the account accepts
 * @param costCapMicros       the most one request may cost at worst, in micro-units of the billing
 *                            currency; {@code null}: no cap
 * @param requiredCapabilities what every model used for the account must support
 * @param toolCallingFloor    the lowest tool-calling quality score (0 to 1) accepted for requests that
 *                            use tools; {@code null}: no floor
 */
public record RoutingProfile(Tier lowestTier, Tier highestTier, Long costCapMicros,
                             Set<Capability> requiredCapabilities, BigDecimal toolCallingFloor) {

    public RoutingProfile {
        Objects.requireNonNull(lowestTier, "lowestTier");
        Objects.requireNonNull(highestTier, "highestTier");
        if (lowestTier.compareTo(highestTier) > 0) {
            throw new IllegalArgumentException("lowestTier " + lowestTier.id() + " is above highestTier " + highestTier.id());
        }
        if (costCapMicros != null && costCapMicros <= 0) {
            throw new IllegalArgumentException("costCapMicros must be > 0 when set, was " + costCapMicros);
        }
        if (toolCallingFloor != null && (toolCallingFloor.signum() < 0 || toolCallingFloor.compareTo(BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException("toolCallingFloor must be between 0 and 1, was " + toolCallingFloor);
        }
        requiredCapabilities = requiredCapabilities == null || requiredCapabilities.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(requiredCapabilities));
    }

    /** Every tier, no cap, nothing required: what an account without restrictions gets. */
    public static RoutingProfile unrestricted() {
        return new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, null, Set.of(), null);
    }
}
