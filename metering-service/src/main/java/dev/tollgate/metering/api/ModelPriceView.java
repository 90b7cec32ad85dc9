package dev.tollgate.metering.api;

import java.time.Instant;

import dev.tollgate.metering.persistence.ModelPriceEntity;

/**
 * One model's prices in the catalogue, per million tokens. Rates are JSON strings holding exact
 * decimals, so no client reads them as floating point.
 */
public record ModelPriceView(
        String model,
        String provider,
        String tier,
        String currency,
        String version,
        Instant effectiveFrom,
        String upstreamPromptPerMillion,
        String upstreamCachedPromptPerMillion,
        String upstreamCompletionPerMillion,
        String platformFeePromptPerMillion,
        String platformFeeCompletionPerMillion) {

    static ModelPriceView of(ModelPriceEntity price) {
        return new ModelPriceView(price.model, price.provider, price.tier, price.currency, price.version, price.effectiveFrom,
                price.upstreamPromptPerMillion.toPlainString(),
                price.upstreamCachedPromptPerMillion.toPlainString(),
                price.upstreamCompletionPerMillion.toPlainString(),
                price.platformFeePromptPerMillion.toPlainString(),
                price.platformFeeCompletionPerMillion.toPlainString());
    }
}
