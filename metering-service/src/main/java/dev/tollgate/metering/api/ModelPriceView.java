package dev.tollgate.metering.api;

import java.time.Instant;
import java.util.List;

import dev.tollgate.metering.domain.ModelPriceVersion;
import dev.tollgate.metering.domain.PlatformFeeVersion;
import dev.tollgate.metering.domain.PriceInForce;

/**
 * One model's catalogue entry: its description, its upstream rates and the platform fee, per million
 * tokens in {@code currency}. Rates are JSON strings holding exact decimals, so no client reads them as
 * floating point. {@code quotedPer} is the unit the source quoted in (rates are normalised exactly).
 */
public record ModelPriceView(
        String model,
        String provider,
        String tier,
        String currency,
        String version,
        Instant effectiveFrom,
        String source,
        List<String> capabilities,
        Integer contextWindowTokens,
        Integer maxOutputTokens,
        String toolCallingQuality,
        String quotedPer,
        String upstreamPromptPerMillion,
        String upstreamCachedPromptPerMillion,
        String upstreamCompletionPerMillion,
        String upstreamCacheWritePerMillion,
        String platformFeeVersion,
        String platformFeePromptPerMillion,
        String platformFeeCompletionPerMillion) {

    static ModelPriceView of(PriceInForce inForce) {
        return of(inForce.price(), inForce.fee());
    }

    /** A price version alone (in a history, where fees are listed apart): the fee fields are {@code null}. */
    static ModelPriceView priceOnly(ModelPriceVersion price) {
        ModelPriceView view = of(price, null);
        return new ModelPriceView(view.model, view.provider, view.tier, view.currency, view.version, view.effectiveFrom,
                view.source, view.capabilities, view.contextWindowTokens, view.maxOutputTokens, view.toolCallingQuality,
                view.quotedPer, view.upstreamPromptPerMillion, view.upstreamCachedPromptPerMillion,
                view.upstreamCompletionPerMillion, view.upstreamCacheWritePerMillion, null, null, null);
    }

    static ModelPriceView of(ModelPriceVersion price, PlatformFeeVersion fee) {
        return new ModelPriceView(price.model(), price.provider(), price.tier(), price.currency(), price.version(),
                price.effectiveFrom(), price.source(), price.capabilities(), price.contextWindowTokens(), price.maxOutputTokens(),
                Decimals.plain(price.toolCallingQuality()), price.quotedPer().name().toLowerCase(),
                Decimals.plain(price.upstreamPromptPerMillion()), Decimals.plain(price.upstreamCachedPromptPerMillion()),
                Decimals.plain(price.upstreamCompletionPerMillion()), Decimals.plain(price.upstreamCacheWritePerMillion()),
                fee == null ? null : fee.version(),
                fee == null ? "0" : Decimals.plain(fee.promptPerMillion()),
                fee == null ? "0" : Decimals.plain(fee.completionPerMillion()));
    }
}
