package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.List;

import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.PriceLine;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.TokenClass;

/**
 * Prices one request, exactly:
 * <pre>
 *   per token class: upstream part = tokens x upstream rate, fee part = tokens x platform-fee rate
 *   (cached prompt tokens: the upstream's cached rate, the platform fee of prompt tokens unchanged)
 *   margin = margin rate (by routing mode) x upstream cost
 *   total  = upstream + fees + margin, rounded once by {@link Rounding}
 * </pre>
 * Rates are per million tokens. No tokens, no charge: an upstream failure that produced nothing costs zero.
 */
public final class UsagePricer {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private UsagePricer() {
    }

    public static PriceBreakdown price(ModelPrice price, TokenUsage usage, RoutingMode mode, MarginRates margins) {
        List<PriceLine> lines = List.of(
                line(TokenClass.PROMPT, usage.uncachedPromptTokens(), price.upstreamPromptPerMillion(), price.platformFeePromptPerMillion()),
                line(TokenClass.CACHED_PROMPT, usage.cachedPromptTokens(), price.upstreamCachedPromptPerMillion(), price.platformFeePromptPerMillion()),
                line(TokenClass.COMPLETION, usage.completionTokens(), price.upstreamCompletionPerMillion(), price.platformFeeCompletionPerMillion()));
        BigDecimal upstreamCost = lines.stream().map(PriceLine::upstreamCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal platformFee = lines.stream().map(PriceLine::platformFee).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal marginRate = margins.rateFor(mode);
        BigDecimal margin = upstreamCost.multiply(marginRate);
        BigDecimal exactTotal = upstreamCost.add(platformFee).add(margin);
        return new PriceBreakdown(price.version(), lines, upstreamCost, platformFee, marginRate, margin, exactTotal,
                Rounding.toMoney(exactTotal, price.currency()));
    }

    private static PriceLine line(TokenClass tokenClass, long tokens, BigDecimal upstreamRate, BigDecimal feeRate) {
        BigDecimal count = BigDecimal.valueOf(tokens);
        return new PriceLine(tokenClass, tokens, upstreamRate, feeRate,
                perMillion(count, upstreamRate), perMillion(count, feeRate));
    }

    /** tokens x rate / 1,000,000: exact, since dividing by a power of ten only moves the point. */
    private static BigDecimal perMillion(BigDecimal tokens, BigDecimal ratePerMillion) {
        return tokens.multiply(ratePerMillion).divide(MILLION).stripTrailingZeros();
    }
}
