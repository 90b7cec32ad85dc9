package dev.tollgate.router.routing;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.tollgate.pricing.FeeModel;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.PricingRules;

/**
 * How this deployment earns, as the router must know it to estimate what metering will charge. The keys
 * and defaults mirror metering's {@code tollgate.metering.fee-model} and {@code tollgate.metering.margin.*}:
 * a deployment sets both to the same values. Margins are read as {@link BigDecimal} from the text, exactly.
 */
@ConfigMapping(prefix = "tollgate.router.pricing")
public interface RouterPricingConfiguration {

    /** {@code PLATFORM_FEE}, {@code ROUTING_MARGIN} or {@code PLATFORM_FEE_AND_ROUTING_MARGIN}. */
    @WithDefault("PLATFORM_FEE_AND_ROUTING_MARGIN")
    FeeModel feeModel();

    Margin margin();

    interface Margin {
        @WithDefault("0.10")
        BigDecimal auto();

        @WithDefault("0.08")
        BigDecimal tier();

        @WithDefault("0")
        BigDecimal model();
    }

    default PricingRules rules() {
        return new PricingRules(feeModel(), new MarginRates(margin().auto(), margin().tier(), margin().model()));
    }
}
