package dev.tollgate.metering.application;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.tollgate.pricing.FeeModel;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.PricingRules;

/**
 * How this deployment prices: its fee model, its routing margins and the currency its credits are in.
 * Margins are read as {@link BigDecimal} straight from the configuration text, so {@code 0.10} stays exactly 0.10.
 */
@ConfigMapping(prefix = "tollgate.metering")
public interface PricingConfiguration {

    /** {@code PLATFORM_FEE}, {@code ROUTING_MARGIN} or {@code PLATFORM_FEE_AND_ROUTING_MARGIN}. */
    @WithDefault("PLATFORM_FEE_AND_ROUTING_MARGIN")
    FeeModel feeModel();

    /** The currency of the ledger's credits; catalogue prices in another currency are converted. */
    @WithDefault("EUR")
    String billingCurrency();

    Margin margin();

    interface Margin {
        /** The router chose the model ({@code model: "auto"}). */
        @WithDefault("0.10")
        BigDecimal auto();

        /** The client named the tier. */
        @WithDefault("0.08")
        BigDecimal tier();

        /** The client named the model. */
        @WithDefault("0")
        BigDecimal model();
    }

    default PricingRules rules() {
        return new PricingRules(feeModel(), new MarginRates(margin().auto(), margin().tier(), margin().model()));
    }
}
