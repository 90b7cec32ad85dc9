package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;

/**
 * The golden table ({@code golden-pricing-cases.csv}): every pricing rule with figures worked out by
 * hand in the file's comments. The deployment margins are the standard ones (auto +10%, tier +8%).
 */
class GoldenPricingTableTest {

    private static final String TABLE = "/golden-pricing-cases.csv";

    @ParameterizedTest(name = "{0} {1}")
    @CsvFileSource(resources = TABLE, numLinesToSkip = 1)
    void priceMatchesTheHandWorkedFigures(String id, String scenario, FeeModel feeModel, RoutingMode mode, int upstreamStatus,
                                          boolean streamed, QuoteUnit quoteUnit, String priceCurrency, String billingCurrency,
                                          BigDecimal fxRate, BigDecimal upstreamPrompt, BigDecimal upstreamCachedPrompt,
                                          BigDecimal upstreamCompletion, BigDecimal feePrompt, BigDecimal feeCompletion,
                                          long promptTokens, long cachedPromptTokens, long completionTokens,
                                          BigDecimal expectedUpstreamCost, BigDecimal expectedPlatformFee,
                                          BigDecimal expectedMargin, long expectedTotalMicros) {
        ModelPrice price = new ModelPrice("golden", "provider", "golden@" + id, priceCurrency,
                quoteUnit.toPerMillion(upstreamPrompt), quoteUnit.toPerMillion(upstreamCachedPrompt),
                quoteUnit.toPerMillion(upstreamCompletion), quoteUnit.toPerMillion(feePrompt),
                quoteUnit.toPerMillion(feeCompletion));
        ExchangeRate exchangeRate = priceCurrency.equals(billingCurrency)
                ? ExchangeRate.identity(priceCurrency)
                : new ExchangeRate(priceCurrency, billingCurrency, fxRate, priceCurrency + "-" + billingCurrency + "@test");

        // Streaming does not enter pricing at all: the usage the upstream reported is the whole truth.
        PriceBreakdown breakdown = UsagePricer.price(price, new TokenUsage(promptTokens, cachedPromptTokens, completionTokens),
                mode, new PricingRules(feeModel, MarginRates.STANDARD), exchangeRate, BillingBasis.forUpstreamStatus(upstreamStatus));

        assertThat(breakdown.upstreamCost()).as("upstream part").isEqualByComparingTo(expectedUpstreamCost);
        assertThat(breakdown.platformFee()).as("platform fee part").isEqualByComparingTo(expectedPlatformFee);
        assertThat(breakdown.margin()).as("margin part").isEqualByComparingTo(expectedMargin);
        assertThat(breakdown.exactTotal()).as("exact total")
                .isEqualByComparingTo(expectedUpstreamCost.add(expectedPlatformFee).add(expectedMargin));
        assertThat(breakdown.total().amountMicros()).as("rounded total in micros").isEqualTo(expectedTotalMicros);
        assertThat(breakdown.total().currency()).isEqualTo(billingCurrency);
        assertThat(breakdown.priceCurrency()).isEqualTo(priceCurrency);
        assertThat(breakdown.exchangeRate()).isEqualByComparingTo(fxRate);
        assertThat(breakdown.priceVersion()).isEqualTo("golden@" + id);
    }

    @Test
    void theTableHasAtLeastFortyCasesAndCoversEveryRule() throws IOException {
        List<String> cases;
        try (InputStream in = getClass().getResourceAsStream(TABLE)) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("id,"))
                    .toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        for (String rule : List.of("reference auto 0.0001", "reference auto 0.0003", "reference auto 0.006",
                "reference auto 0.025", "reference tier 0.006", "cached prompt at cached rate", "fee-only", "margin-only",
                "zero tokens", "with no tokens", "with tokens at cost", "streamed equals", "abandoned stream",
                "half a micro", "quoted per 1K", "quoted per token", "billed in EUR", "billed in USD")) {
            assertThat(cases).as("a case for: " + rule).anyMatch(line -> line.contains(rule));
        }
    }
}
