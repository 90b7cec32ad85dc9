package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Objects;

import dev.tollgate.contracts.RoutingMode;

/** A deployment's pricing configuration: its fee model and, where margins apply, their rates. */
public record PricingRules(FeeModel feeModel, MarginRates margins) {

    public PricingRules {
        Objects.requireNonNull(feeModel, "feeModel");
        Objects.requireNonNull(margins, "margins");
    }

    public static PricingRules platformFeeOnly() {
        return new PricingRules(FeeModel.PLATFORM_FEE, MarginRates.NONE);
    }

    public static PricingRules routingMarginOnly(MarginRates margins) {
        return new PricingRules(FeeModel.ROUTING_MARGIN, margins);
    }

    public static PricingRules platformFeeAndRoutingMargin(MarginRates margins) {
        return new PricingRules(FeeModel.PLATFORM_FEE_AND_ROUTING_MARGIN, margins);
    }

    /** The margin rate applied for {@code mode}: zero when the fee model has no margin. */
    public BigDecimal marginRateFor(RoutingMode mode) {
        return feeModel.chargesRoutingMargin() ? margins.rateFor(mode) : BigDecimal.ZERO;
    }
}
