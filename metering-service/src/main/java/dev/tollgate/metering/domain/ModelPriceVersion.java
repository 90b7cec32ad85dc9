package dev.tollgate.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.tollgate.pricing.QuoteUnit;

/**
 * One version of one model in the catalogue: what the router needs to choose it (provider, tier,
 * capabilities, limits, tool-calling quality) and what the upstream charges for it. Rates are per
 * million tokens in {@code currency}, normalised exactly from the unit the source quoted
 * ({@code quotedPer}); the platform fee has its own versions ({@link PlatformFeeVersion}).
 *
 * @param upstreamCacheWritePerMillion what the provider charges for writing its prompt cache, {@code null} when it does not
 * @param toolCallingQuality           0..1, how reliably the model calls tools; {@code null} when unknown
 * @param source                       where the version came from: {@code seed}, {@code import:<list name>}
 */
public record ModelPriceVersion(
        String model,
        String provider,
        String tier,
        String currency,
        List<String> capabilities,
        Integer contextWindowTokens,
        Integer maxOutputTokens,
        BigDecimal toolCallingQuality,
        BigDecimal upstreamPromptPerMillion,
        BigDecimal upstreamCachedPromptPerMillion,
        BigDecimal upstreamCompletionPerMillion,
        BigDecimal upstreamCacheWritePerMillion,
        QuoteUnit quotedPer,
        Instant effectiveFrom,
        String version,
        String source) {

    public ModelPriceVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /**
     * Whether {@code other} says the same thing about the model (prices, limits, capabilities), whatever
     * its version id, time and source: an import records a new version only when this is false.
     */
    public boolean sameTermsAs(ModelPriceVersion other) {
        return Objects.equals(provider, other.provider)
                && Objects.equals(tier, other.tier)
                && Objects.equals(currency, other.currency)
                && Objects.equals(List.copyOf(capabilities).stream().sorted().toList(),
                                  List.copyOf(other.capabilities).stream().sorted().toList())
                && Objects.equals(contextWindowTokens, other.contextWindowTokens)
                && Objects.equals(maxOutputTokens, other.maxOutputTokens)
                && sameDecimal(toolCallingQuality, other.toolCallingQuality)
                && sameDecimal(upstreamPromptPerMillion, other.upstreamPromptPerMillion)
                && sameDecimal(upstreamCachedPromptPerMillion, other.upstreamCachedPromptPerMillion)
                && sameDecimal(upstreamCompletionPerMillion, other.upstreamCompletionPerMillion)
                && sameDecimal(upstreamCacheWritePerMillion, other.upstreamCacheWritePerMillion);
    }

    private static boolean sameDecimal(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
