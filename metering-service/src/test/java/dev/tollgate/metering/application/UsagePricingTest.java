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
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.ModelPrice;

/** The mapping from a recorded usage to its priced event, without Quarkus, Kafka or a database. */
class UsagePricingTest {

    private static final Instant REQUESTED_AT = Instant.parse("2026-03-14T09:26:53.589Z");
    private static final ModelPrice SIM_LIGHT = new ModelPrice("sim-light", "simulator", "sim-light@2026-01-01", "EUR",
            new BigDecimal("0.50"), new BigDecimal("0.25"), new BigDecimal("1.50"), new BigDecimal("0.05"), new BigDecimal("0.15"));

    private final EventEnvelope<UsageRecorded> usage =
            UsageEvents.usage("acct_unit", "sim-light", RoutingMode.TIER, REQUESTED_AT, 2_000, 1_000, 1_000);

    @Test
    void pricedEventIdIsDerivedFromTheUsageEventId() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, MarginRates.STANDARD);

        assertThat(priced.eventId())
                .isEqualTo(UUID.nameUUIDFromBytes(("UsagePriced:" + usage.eventId()).getBytes(UTF_8)))
                .isNotEqualTo(usage.eventId());
    }

    @Test
    void pricingTheSameUsageTwiceGivesAnIdenticalEvent() {
        assertThat(UsagePricing.priced(usage, SIM_LIGHT, MarginRates.STANDARD))
                .isEqualTo(UsagePricing.priced(usage, SIM_LIGHT, MarginRates.STANDARD));
    }

    @Test
    void envelopeCarriesCausationCorrelationAccountAndRequestTime() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, MarginRates.STANDARD);

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
    void breakdownUsesThePriceVersionAndTheMarginOfTheRoutingMode() {
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, MarginRates.STANDARD);

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
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT, MarginRates.NONE);

        assertThat(priced.payload().breakdown().margin()).isEqualByComparingTo("0");
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(2_500, "EUR"));
    }
}
