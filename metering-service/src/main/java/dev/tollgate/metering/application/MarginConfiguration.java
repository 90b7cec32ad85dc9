package dev.tollgate.metering.application;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.tollgate.pricing.MarginRates;

/**
 * Routing margins on the model (upstream) cost, by routing mode, as fractions ({@code 0.10} = +10%).
 * Read as {@link BigDecimal} straight from the configuration text, so {@code 0.10} stays exactly 0.10.
 * A deployment that earns through platform fees only sets all three to 0.
 */
@ConfigMapping(prefix = "tollgate.metering.margin")
public interface MarginConfiguration {

    /** The router chose the model ({@code model: "auto"}). */
    @WithDefault("0.10")
    BigDecimal auto();

    /** The client named the tier. */
    @WithDefault("0.08")
    BigDecimal tier();

    /** The client named the model. */
    @WithDefault("0")
    BigDecimal model();

    default MarginRates rates() {
        return new MarginRates(auto(), tier(), model());
    }
}
