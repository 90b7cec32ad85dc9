package dev.tollgate.metering.application;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.UsageEvents;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PricingRules;

/** The mapping from a recorded usage to its priced event, without Quarkus, Kafka or a database. */
class UsagePricingTest {

    private static final Instant REQUESTED_AT = Instant.parse("2026-03-14T09:26:53.589Z");
    private static final ModelPrice SIM_LIGHT = new ModelPrice("sim-light", "simulator", "sim-light@2026-01-01", "EUR",
            new BigDecimal("0.50"), new BigDecimal("0.25"), new BigDecimal("1.50"), new BigDecimal("0.05"), new BigDecimal("0.15"));

    private static final PricingRules FEES_AND_MARGINS = PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD);
    private static final ExchangeRate EUR = ExchangeRate.identity("EUR");

    private final EventEnvelope<UsageRecorded> usage =
            UsageEvents.usage("acct_unit", "sim-light", RoutingMode.TIER, REQUESTED_AT, 2_000, 1_000, 1_000);

    @Test
    void pricedEventIdIsDerivedFromTheUsageEventId() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR);

        assertThat(priced.eventId())
                .isEqualTo(UUID.nameUUIDFromBytes(("UsagePriced:" + usage.eventId()).getBytes(UTF_8)))
                .isNotEqualTo(usage.eventId());
    }

    @Test
    void pricingTheSameUsageTwiceGivesAnIdenticalEvent() {
        assertThat(UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR))
                .isEqualTo(UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR));
    }

    @Test
    void envelopeCarriesCausationCorrelationAccountAndRequestTime() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR);

        assertThat(priced.type()).isEqualTo("UsagePriced");
        assertThat(priced.causationId()).isEqualTo(usage.eventId().toString());
        assertThat(priced.correlationId()).isEqualTo(usage.correlationId()).isEqualTo(usage.payload().requestId());
        assertThat(priced.accountId()).isEqualTo("acct_unit");
        assertThat(priced.occurredAt()).isEqualTo(REQUESTED_AT);
        assertThat(priced.payload().requestedAt()).isEqualTo(REQUESTED_AT);
        assertThat(priced.payload().requestId()).isEqualTo(usage.payload().requestId());
        assertThat(priced.payload().model()).isEqualTo("sim-light");
        assertThat(priced.payload().provider()).isEqualTo("simulator");
        assertThat(priced.payload().routingMode()).isEqualTo(RoutingMode.TIER);
    }

    @Test
    void tierOfTheUsageTravelsToThePricedEvent() {
        UsageRecorded recorded = usage.payload();
        EventEnvelope<UsageRecorded> inTier = EventEnvelope.wrap(usage.eventId(), usage.accountId(), REQUESTED_AT, null,
                usage.correlationId(), new UsageRecorded(recorded.requestId(), recorded.apiKeyId(), recorded.model(),
                        recorded.provider(), RoutingMode.TIER, "light", recorded.promptTokens(), recorded.cachedPromptTokens(),
                        recorded.completionTokens(), recorded.upstreamStatus(), recorded.streamed()));

        assertThat(UsagePricing.priced(inTier, SIM_LIGHT, FEES_AND_MARGINS, EUR).payload().tier()).isEqualTo("light");
        assertThat(UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR).payload().tier()).isNull();
    }

    @Test
    void holdThatPaidForTheUsageTravelsToThePricedEvent() {
        UsageRecorded recorded = usage.payload();
        EventEnvelope<UsageRecorded> paidByGrant = EventEnvelope.wrap(usage.eventId(), usage.accountId(), REQUESTED_AT, null,
                usage.correlationId(), new UsageRecorded(recorded.requestId(), recorded.apiKeyId(), recorded.model(),
                        recorded.provider(), recorded.routingMode(), recorded.tier(), recorded.promptTokens(),
                        recorded.cachedPromptTokens(), recorded.completionTokens(), recorded.upstreamStatus(), recorded.streamed(),
                        "grant_r1_acct_unit_1"));

        assertThat(UsagePricing.priced(paidByGrant, SIM_LIGHT, FEES_AND_MARGINS, EUR).payload().holdId()).isEqualTo("grant_r1_acct_unit_1");
        assertThat(UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR).payload().holdId()).isNull();
    }

    @Test
    void breakdownUsesThePriceVersionAndTheMarginOfTheRoutingMode() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, FEES_AND_MARGINS, EUR);

        // uncached prompt 1,000 x 0.50/M = 0.0005   fee 1,000 x 0.05/M = 0.00005
        // cached prompt   1,000 x 0.25/M = 0.00025  fee 1,000 x 0.05/M = 0.00005
        // completion      1,000 x 1.50/M = 0.0015   fee 1,000 x 0.15/M = 0.00015
        // upstream 0.00225 + fees 0.00025 + tier margin 8% of 0.00225 = 0.00018  ->  0.00268 EUR = 2,680 micros
        assertThat(priced.payload().breakdown().priceVersion()).isEqualTo("sim-light@2026-01-01");
        assertThat(priced.payload().breakdown().marginRate()).isEqualByComparingTo("0.08");
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_680, "EUR"));
    }

    @Test
    void feesOnlyDeploymentChargesNoMargin() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, PricingRules.platformFeeOnly(), EUR);

        assertThat(priced.payload().breakdown().margin()).isEqualByComparingTo("0");
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_500, "EUR"));
    }

    @Test
    void marginOnlyDeploymentChargesNoPlatformFee() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, PricingRules.routingMarginOnly(MarginRates.STANDARD), EUR);

        // upstream 0.00225 + tier margin 0.00018 = 0.00243
        assertThat(priced.payload().breakdown().platformFee()).isEqualByComparingTo("0");
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_430, "EUR"));
    }

    @Test
    void anUpstreamErrorThatConsumedTokensIsBilledAtCost() {
        UsageRecorded failed = new UsageRecorded("req_failed", "key_test", "sim-light", "simulator", RoutingMode.AUTO, null,
                2_000, 1_000, 1_000, 400, false);
        EventEnvelope<UsageRecorded> failedUsage = EventEnvelope.wrap(UUID.randomUUID(), "acct_unit", REQUESTED_AT, null,
                "req_failed", failed);

        EventEnvelope<UsagePriced> priced = UsagePricing.priced(failedUsage, SIM_LIGHT, FEES_AND_MARGINS, EUR);

        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_250, "EUR"));
    }

    @Test
    void aUsdPriceIsConvertedAndTheRateRecorded() {
        ModelPrice usd = new ModelPrice("sim-light", "simulator", "usd@1", "USD", new BigDecimal("0.50"), new BigDecimal("0.25"),
                new BigDecimal("1.50"), new BigDecimal("0.05"), new BigDecimal("0.15"));

        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, usd, PricingRules.platformFeeOnly(),
                new ExchangeRate("USD", "EUR", new BigDecimal("0.90"), "USD-EUR@test"));

        // 0.0025 USD (upstream 0.00225 + fee 0.00025) x 0.90 = 0.00225 EUR
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_250, "EUR"));
        assertThat(priced.payload().breakdown().priceCurrency()).isEqualTo("USD");
        assertThat(priced.payload().breakdown().exchangeRate()).isEqualByComparingTo("0.90");
        assertThat(priced.payload().breakdown().exchangeRateVersion()).isEqualTo("USD-EUR@test");
    }
}
