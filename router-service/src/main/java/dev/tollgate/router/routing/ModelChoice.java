package dev.tollgate.router.routing;

import java.util.Objects;

import dev.tollgate.contracts.RoutingMode;

/**
 * The model a request goes to and how it was chosen (the routing margin depends on it).
 *
 * @param tier the tier the model was chosen in; {@code null} until tiers exist
 */
public record ModelChoice(String model, RoutingMode routingMode, String tier) {

    public ModelChoice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(routingMode, "routingMode");
    }
}
