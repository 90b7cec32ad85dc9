package dev.tollgate.metering.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.QuoteUnit;

/** "In force at T" in memory: the version with the greatest effective_from <= T, for prices, fees and rates. */
class CatalogueVersionsTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
    private static final java.time.Duration NANO = java.time.Duration.ofNanos(1);

    private final CatalogueVersions catalogue = CatalogueVersions.of(
            List.of(price("m", JAN, "1.00"), price("m", MAR, "2.00"), price("other", FEB, "9.00")),
            List.of(fee("m", Instant.parse("2025-06-01T00:00:00Z"), "0.01"), fee("m", FEB, "0.02"), fee("m", APR, "0.04")),
            List.of(rate(JAN, "0.92"), rate(MAR, "0.95")));

    @Test
    void nothingIsInForceBeforeTheFirstPrice() {
        assertThat(catalogue.priceInForce("m", JAN.minus(NANO))).isEmpty();
        assertThat(catalogue.modelPriceInForce("other", JAN)).isEmpty();
        assertThat(catalogue.priceInForce("unknown", APR)).isEmpty();
    }

    @Test
    void aVersionIsInForceFromItsEffectiveInstantOnAndTheFeeIndependentlySo() {
        // at the first price: the fee set before it is in force
        assertVersions(JAN, "m@" + JAN, "m-fee@2025-06-01T00:00:00Z");
        assertVersions(FEB.minus(NANO), "m@" + JAN, "m-fee@2025-06-01T00:00:00Z");
        assertVersions(FEB, "m@" + JAN, "m-fee@" + FEB);
        assertVersions(MAR.minus(NANO), "m@" + JAN, "m-fee@" + FEB);
        assertVersions(MAR, "m@" + MAR, "m-fee@" + FEB);
        assertVersions(APR, "m@" + MAR, "m-fee@" + APR);
        assertVersions(Instant.parse("2030-01-01T00:00:00Z"), "m@" + MAR, "m-fee@" + APR);
    }

    @Test
    void theModelPriceCarriesBothVersionsAndTheirRates() {
        ModelPrice price = catalogue.modelPriceInForce("m", MAR).orElseThrow();

        assertThat(price.version()).isEqualTo("m@" + MAR + "+m-fee@" + FEB);
        assertThat(price.upstreamPromptPerMillion()).isEqualByComparingTo("2.00");
        assertThat(price.platformFeePromptPerMillion()).isEqualByComparingTo("0.02");
        // a model that never had a fee: its price alone
        assertThat(catalogue.modelPriceInForce("other", MAR).orElseThrow().version()).isEqualTo("other@" + FEB);
        assertThat(catalogue.modelPriceInForce("other", MAR).orElseThrow().platformFeePromptPerMillion()).isZero();
    }

    @Test
    void exchangeRatesByPairAndInstant() {
        assertThat(catalogue.exchangeRateInForce("USD", "EUR", JAN.minus(NANO))).isEmpty();
        assertThat(catalogue.exchangeRateInForce("USD", "EUR", JAN).orElseThrow().rate()).isEqualByComparingTo("0.92");
        assertThat(catalogue.exchangeRateInForce("USD", "EUR", MAR.minus(NANO)).orElseThrow().version()).isEqualTo("USD-EUR@" + JAN);
        assertThat(catalogue.exchangeRateInForce("USD", "EUR", MAR).orElseThrow().rate()).isEqualByComparingTo("0.95");
        assertThat(catalogue.exchangeRateInForce("EUR", "USD", MAR)).isEmpty();
    }

    @Test
    void aFeeInAnotherCurrencyFailsWhenUsedNotWhenLoaded() {
        CatalogueVersions inconsistent = CatalogueVersions.of(List.of(price("m", JAN, "1.00")),
                List.of(new PlatformFeeVersion("m", "USD", BigDecimal.ONE, BigDecimal.ONE, FEB, "m-fee-usd")), List.of());

        assertThat(inconsistent.modelPriceInForce("m", JAN)).isPresent();
        assertThatThrownBy(() -> inconsistent.modelPriceInForce("m", FEB)).isInstanceOf(IllegalStateException.class);
    }

    private void assertVersions(Instant at, String priceVersion, String feeVersion) {
        PriceInForce inForce = catalogue.priceInForce("m", at).orElseThrow();
        assertThat(inForce.price().version()).as("price at %s", at).isEqualTo(priceVersion);
        assertThat(inForce.fee().version()).as("fee at %s", at).isEqualTo(feeVersion);
    }

    static ModelPriceVersion price(String model, Instant from, String promptPerMillion) {
        BigDecimal rate = new BigDecimal(promptPerMillion);
        return new ModelPriceVersion(model, "simulator", "light", "EUR", List.of(), null, null, null, rate, rate, rate, null,
                QuoteUnit.PER_MILLION_TOKENS, from, model + "@" + from, "seed");
    }

    static PlatformFeeVersion fee(String model, Instant from, String perMillion) {
        return new PlatformFeeVersion(model, "EUR", new BigDecimal(perMillion), new BigDecimal(perMillion), from, model + "-fee@" + from);
    }

    static ExchangeRateVersion rate(Instant from, String rate) {
        return new ExchangeRateVersion("USD", "EUR", new BigDecimal(rate), from, "USD-EUR@" + from);
    }
}
