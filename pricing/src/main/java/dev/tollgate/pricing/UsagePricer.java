package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.List;

import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.PriceLine;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.TokenClass;

/**
 * Prices one request, exactly:
 * <pre>
 *   rates  = the model's catalogue rates (per million tokens) x the exchange rate to the billing currency
 *   per token class: upstream part = tokens x upstream rate, fee part = tokens x platform-fee rate
 *   (cached prompt tokens: the upstream's cached rate, the platform fee of prompt tokens unchanged)
 *   margin = margin rate (by routing mode) x upstream cost
 *   total  = upstream + fees + margin, rounded once by {@link Rounding}
 * </pre>
 * The {@link FeeModel} decides whether fees, margins or both are charged; the {@link BillingBasis}
 * makes a failed upstream call that consumed tokens cost exactly the upstream part. Tokens are what the
 * upstream reported, so a streamed request costs the same as a non-streamed one with the same usage, and an
 * abandoned stream costs what was produced. No tokens, no charge.
 */
public final class UsagePricer {

    private UsagePricer() {
    }

    /** Fees and margins both apply, no currency conversion, a successful upstream call. */
    public static PriceBreakdown price(ModelPrice price, TokenUsage usage, RoutingMode mode, MarginRates margins) {
        return price(price, usage, mode, PricingRules.platformFeeAndRoutingMargin(margins),
                ExchangeRate.identity(price.currency()), BillingBasis.FULL);
    }

    public static PriceBreakdown price(ModelPrice price, TokenUsage usage, RoutingMode mode, PricingRules rules,
                                       ExchangeRate exchangeRate, BillingBasis basis) {
        ModelPrice billed = price.convertedTo(exchangeRate);
        boolean earns = basis == BillingBasis.FULL;
        boolean chargesFee = earns && rules.feeModel().chargesPlatformFee();
        BigDecimal promptFeeRate = chargesFee ? billed.platformFeePromptPerMillion() : BigDecimal.ZERO;
        BigDecimal completionFeeRate = chargesFee ? billed.platformFeeCompletionPerMillion() : BigDecimal.ZERO;
        List<PriceLine> lines = List.of(
                line(TokenClass.PROMPT, usage.uncachedPromptTokens(), billed.upstreamPromptPerMillion(), promptFeeRate),
                line(TokenClass.CACHED_PROMPT, usage.cachedPromptTokens(), billed.upstreamCachedPromptPerMillion(), promptFeeRate),
                line(TokenClass.COMPLETION, usage.completionTokens(), billed.upstreamCompletionPerMillion(), completionFeeRate));
        BigDecimal upstreamCost = lines.stream().map(PriceLine::upstreamCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal platformFee = lines.stream().map(PriceLine::platformFee).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal marginRate = earns ? rules.marginRateFor(mode) : BigDecimal.ZERO;
        BigDecimal margin = upstreamCost.multiply(marginRate);
        BigDecimal exactTotal = upstreamCost.add(platformFee).add(margin);
        return new PriceBreakdown(price.version(), lines, upstreamCost, platformFee, marginRate, margin, exactTotal,
                Rounding.toMoney(exactTotal, billed.currency()),
                price.currency(), exchangeRate.rate(), exchangeRate.version());
    }

    /**
     * The most a request can cost before it is sent, for the router's balance check: every prompt token
     * at the dearer of the uncached and cached rates, {@code maxCompletionTokens} completion tokens, fee and
     * margin as for a successful call. Same maths and rounding as the charge, and pricing is monotone in
     * tokens, so the charge of a request that stays within these counts is never higher.
     */
    public static Money worstCase(ModelPrice price, long promptTokensEstimate, long maxCompletionTokens, RoutingMode mode,
                                  PricingRules rules, ExchangeRate exchangeRate) {
        boolean cachedIsDearer = price.upstreamCachedPromptPerMillion().compareTo(price.upstreamPromptPerMillion()) > 0;
        TokenUsage worst = new TokenUsage(promptTokensEstimate, cachedIsDearer ? promptTokensEstimate : 0, maxCompletionTokens);
        return price(price, worst, mode, rules, exchangeRate, BillingBasis.FULL).total();
    }

    private static PriceLine line(TokenClass tokenClass, long tokens, BigDecimal upstreamRate, BigDecimal feeRate) {
        BigDecimal count = BigDecimal.valueOf(tokens);
        return new PriceLine(tokenClass, tokens, upstreamRate, feeRate,
                perMillion(count, upstreamRate), perMillion(count, feeRate));
    }

    /**
     * tokens x rate / 1,000,000, exactly: dividing by a power of ten only moves the decimal point, which
     * {@code movePointLeft} does without the long division {@code divide} performs (the same value, and
     * {@code stripTrailingZeros} gives it the same representation).
     */
    private static BigDecimal perMillion(BigDecimal tokens, BigDecimal ratePerMillion) {
        return tokens.multiply(ratePerMillion).movePointLeft(6).stripTrailingZeros();
    }
}
