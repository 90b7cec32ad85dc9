package dev.tollgate.router.routing;

import java.util.List;
import java.util.Objects;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.RoutingMode;

/**
 * Where a request may go, in order of preference: the first candidate is the choice, the others are
 * the fallbacks tried when an upstream fails before producing tokens. Every candidate satisfies the
 * account's profile.
 *
 * @param routingMode how the model was chosen (the routing margin depends on it)
 * @param tier        the tier asked for or classified; for a named model, that model's tier
 */
public record RoutingDecision(RoutingMode routingMode, Tier tier, List<CatalogueEntry> candidates) {

    public RoutingDecision {
        Objects.requireNonNull(routingMode, "routingMode");
        Objects.requireNonNull(tier, "tier");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a routing decision needs at least one candidate");
        }
    }

    public CatalogueEntry first() {
        return candidates.get(0);
    }
}
