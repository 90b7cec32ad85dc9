package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;

class WorstCaseEstimateTest {

    /** Model A: upstream 2.00 / cached 0.50 / completion 8.00, fees 0.10 / 0.40 per million, EUR. */
    private static final ModelPrice MODEL_A = new ModelPrice("a", "p", "a@1", "EUR", new BigDecimal("2.00"),
            new BigDecimal("0.50"), new BigDecimal("8.00"), new BigDecimal("0.10"), new BigDecimal("0.40"));

    @Test
    void worstCaseTakesEveryPromptTokenUncachedAndTheFullCompletionBudget() {
        // 1000 x 2 + 4096 x 8 = 2000 + 32768 = 34768; fee 1000 x 0.1 + 4096 x 0.4 = 100 + 1638.4 = 1738.4; per million:
        // 0.034768 + 0.0017384 + 10% of 0.034768 (0.0034768) = 0.0399832 -> 0.039983
        Money worst = UsagePricer.worstCase(MODEL_A, 1000, 4096, RoutingMode.AUTO,
                PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD), ExchangeRate.identity("EUR"));

        assertThat(worst).isEqualTo(Money.ofMicros(39_983, "EUR"));
    }

    @Test
    void worstCaseUsesTheSameExchangeRateAsTheCharge() {
        // USD 2.50 / 10.00, fees 0.25 / 1.00 at 0.92: 1000 x 2.3 + 1000 x 9.2 = 11500, fee 1150 -> 0.01265 EUR
        ModelPrice usd = new ModelPrice("u", "p", "u@1", "USD", new BigDecimal("2.50"), new BigDecimal("1.25"),
                new BigDecimal("10.00"), new BigDecimal("0.25"), new BigDecimal("1.00"));

        Money worst = UsagePricer.worstCase(usd, 1000, 1000, RoutingMode.MODEL, PricingRules.platformFeeOnly(),
                new ExchangeRate("USD", "EUR", new BigDecimal("0.92"), "USD-EUR@1"));

        assertThat(worst).isEqualTo(Money.ofMicros(12_650, "EUR"));
    }

    @Test
    void aCachedRateDearerThanThePromptRateIsAssumedForEveryPromptToken() {
        ModelPrice odd = new ModelPrice("o", "p", "o@1", "EUR", new BigDecimal("1"), new BigDecimal("3"),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        Money worst = UsagePricer.worstCase(odd, 1000, 0, RoutingMode.MODEL, PricingRules.platformFeeOnly(),
                ExchangeRate.identity("EUR"));

        assertThat(worst).isEqualTo(Money.ofMicros(3_000, "EUR"));
    }

    @ParameterizedTest(name = "{0} prompt ({1} cached), {2} completion, {3}")
    @CsvSource({
            "1000, 0,    4096, AUTO",
            "1000, 1000, 0,    TIER",
            "1000, 400,  17,   MODEL",
            "1,    0,    1,    AUTO",
            "0,    0,    0,    AUTO",
    })
    void theChargeOfARequestWithinTheEstimateNeverExceedsIt(long prompt, long cached, long completion, RoutingMode mode) {
        PricingRules rules = PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD);
        Money worst = UsagePricer.worstCase(MODEL_A, 1000, 4096, mode, rules, ExchangeRate.identity("EUR"));

        Money charge = UsagePricer.price(MODEL_A, new TokenUsage(prompt, cached, completion), mode, rules,
                ExchangeRate.identity("EUR"), BillingBasis.FULL).total();

        assertThat(charge.amountMicros()).isLessThanOrEqualTo(worst.amountMicros());
    }
}
