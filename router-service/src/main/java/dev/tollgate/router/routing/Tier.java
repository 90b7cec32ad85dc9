package dev.tollgate.router.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * Model tiers, cheapest first. The catalogue names a model's tier with {@link #id()}; a profile's
 * allowed range is an interval of this order, and a request may name a tier as its {@code model}.
 */
public enum Tier {
    BUDGET, LIGHT, STANDARD, PREMIUM;

    /** The tier's name in the catalogue and in requests: lower case, e.g. {@code "budget"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier with this id, if the text names one. */
    public static Optional<Tier> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Tier tier : values()) {
            if (tier.id().equals(id)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    public boolean within(Tier lowest, Tier highest) {
        return compareTo(lowest) >= 0 && compareTo(highest) <= 0;
    }
}
