package dev.tollgate.metering.domain;

import java.math.BigDecimal;

import dev.tollgate.pricing.ModelPrice;

/**
 * What a request of one model costs at one instant: the model's price version and the platform-fee
 * version in force then ({@code fee} is {@code null} when no fee was ever set for the model: no fee).
 */
public record PriceInForce(ModelPriceVersion price, PlatformFeeVersion fee) {

    /** Identifies both versions used, so a charge can be re-explained: {@code sim-light@2026-01-01+sim-light-fee@2026-01-01}. */
    public String versionId() {
        return fee == null ? price.version() : price.version() + "+" + fee.version();
    }

    /** The pricing module's view; fails if the fee is not quoted in the model's currency (never written so). */
    public ModelPrice toModelPrice() {
        if (fee != null && !fee.currency().equals(price.currency())) {
            throw new IllegalStateException("fee " + fee.version() + " is in " + fee.currency() + ", model in " + price.currency());
        }
        return new ModelPrice(price.model(), price.provider(), versionId(), price.currency(),
                price.upstreamPromptPerMillion(), price.upstreamCachedPromptPerMillion(), price.upstreamCompletionPerMillion(),
                fee == null ? BigDecimal.ZERO : fee.promptPerMillion(),
                fee == null ? BigDecimal.ZERO : fee.completionPerMillion());
    }
}
