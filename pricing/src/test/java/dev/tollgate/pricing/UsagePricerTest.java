package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsagePriced;

class UsagePricerTest {

    /** One million prompt tokens at {@code rate} per million cost exactly {@code rate}: a handy way to set a model cost. */
    private static ModelPrice modelCosting(String cost, String feePerMillion) {
        BigDecimal rate = new BigDecimal(cost);
        BigDecimal fee = new BigDecimal(feePerMillion);
        return new ModelPrice("m", "p", "v1", "EUR", rate, rate, rate, fee, fee);
    }

    @ParameterizedTest(name = "model cost {0} with {1} margin gives {2}")
    @CsvSource({
            // reference points of the pricing rules (routing margin, no platform fee)
            "0.0001, AUTO,  0.00011",
            "0.0003, AUTO,  0.00033",
            "0.006,  AUTO,  0.0066",
            "0.025,  AUTO,  0.0275",
            "0.006,  TIER,  0.00648",
            "0.006,  MODEL, 0.006",
    })
    void routingMarginOnModelCost(String modelCost, RoutingMode mode, String expectedTotal) {
        PriceBreakdown breakdown = UsagePricer.price(modelCosting(modelCost, "0"), new TokenUsage(1_000_000, 0, 0),
                mode, MarginRates.STANDARD);

        assertThat(breakdown.upstreamCost()).isEqualByComparingTo(modelCost);
        assertThat(breakdown.total()).isEqualTo(Rounding.toMoney(new BigDecimal(expectedTotal), "EUR"));
        assertThat(breakdown.total().amountMicros()).isEqualTo(new BigDecimal(expectedTotal).movePointRight(6).longValueExact());
    }

    @Test
    void lineCostsAreExactlyTokensTimesRateOverAMillionInTheirShortestForm() {
        // the same value and the same representation (scale) as the long division, so a usage priced again
        // produces the very same JSON
        java.util.Random random = new java.util.Random(20261123);
        BigDecimal million = BigDecimal.valueOf(1_000_000);
        for (int i = 0; i < 10_000; i++) {
            long tokens = random.nextInt(4) == 0 ? 0 : random.nextInt(2_000_000);
            BigDecimal rate = BigDecimal.valueOf(random.nextInt(10_000_000), random.nextInt(9));
            ModelPrice price = new ModelPrice("m", "p", "v1", "EUR", rate, rate, rate, rate, rate);

            PriceBreakdown breakdown = UsagePricer.price(price, new TokenUsage(tokens, 0, 0), RoutingMode.MODEL, MarginRates.NONE);

            BigDecimal expected = BigDecimal.valueOf(tokens).multiply(rate).divide(million).stripTrailingZeros();
            assertThat(breakdown.lines().get(0).upstreamCost()).as("%d tokens at %s", tokens, rate).isEqualTo(expected);
            assertThat(breakdown.lines().get(0).platformFee()).as("%d tokens at %s", tokens, rate).isEqualTo(expected);
        }
    }

    @Test
    void cachedPromptTokensUseTheCachedUpstreamRateAndTheUnchangedPromptFee() {
        ModelPrice price = new ModelPrice("m", "p", "v1", "EUR",
                new BigDecimal("2.00"), new BigDecimal("0.50"), new BigDecimal("8.00"),
                new BigDecimal("0.10"), new BigDecimal("0.40"));

        PriceBreakdown breakdown = UsagePricer.price(price, new TokenUsage(1_000, 400, 500), RoutingMode.MODEL, MarginRates.NONE);

        // upstream: 600 x 2.00 + 400 x 0.50 + 500 x 8.00 = 1200 + 200 + 4000 = 5400 per million = 0.0054
        assertThat(breakdown.upstreamCost()).isEqualByComparingTo("0.0054");
        // fee: 1000 x 0.10 + 500 x 0.40 = 100 + 200 = 300 per million = 0.0003
        assertThat(breakdown.platformFee()).isEqualByComparingTo("0.0003");
        assertThat(breakdown.total()).isEqualTo(Money.ofMicros(5_700, "EUR"));
        assertThat(breakdown.lines()).extracting(line -> line.tokens()).containsExactly(600L, 400L, 500L);
    }

    @Test
    void noTokensCostNothing() {
        PriceBreakdown breakdown = UsagePricer.price(modelCosting("5", "1"), new TokenUsage(0, 0, 0), RoutingMode.AUTO, MarginRates.STANDARD);

        assertThat(breakdown.total()).isEqualTo(Money.zero("EUR"));
    }

    @ParameterizedTest(name = "{0} rounds to {1} micros")
    @CsvSource({
            "0.0000004, 0",
            "0.0000005, 1",
            "0.0000015, 2",
            "0.0000025, 3",
            "0.00000249, 2",
            "-0.0000005, -1",
            "12.3456784, 12345678",
    })
    void roundingIsHalfUpToTheMicroUnit(String exact, long expectedMicros) {
        assertThat(Rounding.toMoney(new BigDecimal(exact), "EUR").amountMicros()).isEqualTo(expectedMicros);
    }

    @Test
    void largeExactAmountsTravelAsPlainDecimals() {
        PriceBreakdown breakdown = UsagePricer.price(modelCosting("10", "0"), new TokenUsage(1_000_000, 0, 0), RoutingMode.MODEL, MarginRates.NONE);
        EventEnvelope<UsagePriced> event = EventEnvelope.wrap(java.util.UUID.randomUUID(), "acct", java.time.Instant.now(), null, null,
                new UsagePriced("r", java.time.Instant.now(), "m", "p", RoutingMode.MODEL, breakdown));

        String json = EventCodec.encode(event);

        assertThat(json).contains("\"upstreamCost\":\"10\"").doesNotContain("E+");
    }
}
