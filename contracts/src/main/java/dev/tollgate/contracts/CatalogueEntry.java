package dev.tollgate.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One model as the price catalogue has it in force now: the value of the compacted
 * {@link Topics#PRICE_CATALOGUE} topic (key: model id). Not an event but a state snapshot, so it travels
 * without the envelope; the newest record of a key replaces the older ones. The router reads it to choose
 * models and to estimate worst-case costs with the numbers metering charges with. Rates are per million
 * tokens in {@code currency}; convert with the exchange rate named by {@code exchangeRateVersion}.
 *
 * @param priceVersion        the price version (and fee version) the rates come from
 * @param exchangeRate        units of the billing currency per unit of {@code currency} in force now
 * @param billingCurrency     the currency credits are in
 */
public record CatalogueEntry(
        String model,
        String provider,
        String tier,
        List<String> capabilities,
        Integer contextWindowTokens,
        Integer maxOutputTokens,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal toolCallingQuality,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamPromptPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamCachedPromptPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamCompletionPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFeePromptPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFeeCompletionPerMillion,
        String priceVersion,
        Instant effectiveFrom,
        String billingCurrency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exchangeRate,
        String exchangeRateVersion) {
}
