package dev.tollgate.pricing;

import java.math.BigDecimal;

import dev.tollgate.contracts.RoutingMode;

/**
 * Routing margin on the model (upstream) cost, by how the model was chosen. A deployment that earns
 * through platform fees only uses {@link #NONE}; one that uses margins uses {@link #STANDARD}
 * (+10% when the router chose, +8% when the client named the tier, nothing when it named the model).
 */
public record MarginRates(BigDecimal auto, BigDecimal tier, BigDecimal model) {

    public static final MarginRates NONE = new MarginRates(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    public static final MarginRates STANDARD = new MarginRates(new BigDecimal("0.10"), new BigDecimal("0.08"), BigDecimal.ZERO);

    public BigDecimal rateFor(RoutingMode mode) {
        return switch (mode) {
            case AUTO -> auto;
            case TIER -> tier;
            case MODEL -> model;
        };
    }
}
