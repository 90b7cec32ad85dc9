package dev.tollgate.metering.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.TokenClass;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.UsageEvents;
import dev.tollgate.metering.application.UsagePricing;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PricingRules;

/** The analytics' narrow reading of a priced event agrees with the full event written by the contract's codec. */
class PricedUsageFactsTest {

    private static final ModelPrice SIM_LIGHT = new ModelPrice("sim-light", "simulator", "sim-light@2026-01-01", "EUR",
            new BigDecimal("0.50"), new BigDecimal("0.25"), new BigDecimal("1.50"), new BigDecimal("0.05"), new BigDecimal("0.15"));

    @Test
    void readsTheCountedFieldsOfAPricedEventAsTheCodecWroteThem() {
        EventEnvelope<UsageRecorded> usage = UsageEvents.usage("acct_facts", "sim-light", RoutingMode.AUTO,
                Instant.parse("2026-03-14T09:26:53.589Z"), 2_000, 500, 700);
        EventEnvelope<UsagePriced> priced = UsagePricing.priced(usage, SIM_LIGHT,
                PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD), ExchangeRate.identity("EUR"));

        PricedUsageFacts facts = PricedUsageFacts.read(EventCodec.encode(priced));

        assertThat(facts.eventId()).isEqualTo(priced.eventId());
        assertThat(facts.accountId()).isEqualTo("acct_facts");
        assertThat(facts.requestHour()).isEqualTo("2026-03-14T09");
        assertThat(facts.payload().model()).isEqualTo("sim-light");
        assertThat(facts.tokens(TokenClass.PROMPT)).isEqualTo(1_500);
        assertThat(facts.tokens(TokenClass.CACHED_PROMPT)).isEqualTo(500);
        assertThat(facts.tokens(TokenClass.COMPLETION)).isEqualTo(700);
        assertThat(facts.payload().breakdown().total()).isEqualTo(priced.payload().breakdown().total());
        assertThat(facts.payload().breakdown().total()).isNotEqualTo(Money.zero("EUR"));
    }

    @Test
    void theRequestHourIsTheUtcHourWhateverTheFormOfTheInstant() {
        assertThat(withRequestedAt("2026-03-14T09:00:00Z").requestHour()).isEqualTo("2026-03-14T09");
        assertThat(withRequestedAt("2026-03-14T09:59:59.999999Z").requestHour()).isEqualTo("2026-03-14T09");
        assertThat(withRequestedAt("2026-03-14T23:30:00-02:00").requestHour()).isEqualTo("2026-03-15T01");
        assertThat(withRequestedAt("2026-03-14T09:30:00+05:30").requestHour()).isEqualTo("2026-03-14T04");
    }

    private static PricedUsageFacts withRequestedAt(String requestedAt) {
        return new PricedUsageFacts("UsagePriced", 1, java.util.UUID.randomUUID(), "acct_facts",
                new PricedUsageFacts.Payload(requestedAt, "m", new PricedUsageFacts.Breakdown(java.util.List.of(), Money.zero("EUR"))));
    }

    @Test
    void anythingButAPricedEventIsRefused() {
        String recorded = EventCodec.encode(UsageEvents.usage("acct_facts", "sim-light", RoutingMode.AUTO, Instant.now(), 1, 0, 1));

        assertThatThrownBy(() -> PricedUsageFacts.read(recorded)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PricedUsageFacts.read("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PricedUsageFacts.read("{\"type\":\"UsagePriced\",\"schemaVersion\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
