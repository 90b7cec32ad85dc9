package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The prices of one model in one catalogue version, per million tokens, in {@code currency}.
 *
 * @param version                        id of the catalogue version these prices belong to
 * @param upstreamPromptPerMillion       what the provider charges for prompt tokens
 * @param upstreamCachedPromptPerMillion what the provider charges for cached prompt tokens
 * @param upstreamCompletionPerMillion   what the provider charges for completion tokens
 * @param platformFeePromptPerMillion    Tollgate's fee on every prompt token, cached or not
 * @param platformFeeCompletionPerMillion Tollgate's fee on every completion token
 */
public record ModelPrice(
        String model,
        String provider,
        String version,
        String currency,
        BigDecimal upstreamPromptPerMillion,
        BigDecimal upstreamCachedPromptPerMillion,
        BigDecimal upstreamCompletionPerMillion,
        BigDecimal platformFeePromptPerMillion,
        BigDecimal platformFeeCompletionPerMillion) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        for (BigDecimal rate : new BigDecimal[] {upstreamPromptPerMillion, upstreamCachedPromptPerMillion,
                upstreamCompletionPerMillion, platformFeePromptPerMillion, platformFeeCompletionPerMillion}) {
            if (rate == null || rate.signum() < 0) {
                throw new IllegalArgumentException("rates of " + model + " must be present and >= 0");
            }
        }
    }

    /**
     * The same prices expressed in {@code rate.to()}: every rate multiplied exactly by the exchange rate.
     * Multiplying each rate or the final total gives the same exact amount (a product of decimals never
     * rounds), so converting the rates lets every line of a breakdown show what it cost in the billing currency.
     */
    public ModelPrice convertedTo(ExchangeRate rate) {
        if (!currency.equals(rate.from())) {
            throw new IllegalArgumentException(model + " is priced in " + currency + ", the rate converts from " + rate.from());
        }
        if (rate.isIdentity()) {
            return this;
        }
        return new ModelPrice(model, provider, version, rate.to(),
                rate.convert(upstreamPromptPerMillion), rate.convert(upstreamCachedPromptPerMillion),
                rate.convert(upstreamCompletionPerMillion), rate.convert(platformFeePromptPerMillion),
                rate.convert(platformFeeCompletionPerMillion));
    }
}
