package dev.tollgate.metering.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventCodec.InvalidEventException;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.UsageEvents;
import dev.tollgate.metering.application.UsagePricing;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PricingRules;

/** The one-pass reader gives exactly the codec's envelope, and refuses exactly what the codec refuses. */
class UsageRecordedDecoderTest {

    @Test
    void validUsageReadsAsTheCodecReadsIt() {
        UsageRecorded withTier = new UsageRecorded("req_1", "key_1", "sim-light", "simulator", RoutingMode.TIER, "light",
                2_000, 500, 700, 200, true);
        UsageRecorded failedUpstream = new UsageRecorded("req_2", "key_1", "sim-budget", "simulator", RoutingMode.MODEL, null,
                10, 0, 0, 503, false);
        List<String> records = List.of(
                EventCodec.encode(UsageEvents.usage("acct_decoder", "sim-standard", RoutingMode.AUTO,
                        Instant.parse("2026-11-23T10:15:30.123456Z"), 1_234, 234, 567)),
                EventCodec.encode(EventEnvelope.wrap(UUID.randomUUID(), "acct_decoder", Instant.parse("2026-03-14T09:26:53Z"),
                        "cause-1", "req_1", withTier)),
                EventCodec.encode(EventEnvelope.wrap(UUID.randomUUID(), "acct_decoder", Instant.parse("2026-03-14T09:26:53Z"),
                        null, null, failedUpstream)),
                // a producer may add optional fields: ignored by both
                EventCodec.encode(UsageEvents.usage("acct_decoder", "sim-light", RoutingMode.AUTO, Instant.now(), 1, 0, 1))
                        .replace("\"payload\":{", "\"payload\":{\"holdId\":\"hold_1\",\"newField\":{\"a\":[1,2]},")
                        .replace("\"type\":", "\"traceparent\":\"00-abc\",\"type\":"));

        for (String record : records) {
            assertThat(UsageRecordedDecoder.decode(record)).as(record).isEqualTo(EventCodec.decode(record, UsageRecorded.class));
        }
    }

    @Test
    void whatTheCodecRefusesIsRefused() {
        String valid = EventCodec.encode(UsageEvents.usage("acct_decoder", "sim-light", RoutingMode.AUTO,
                Instant.parse("2026-11-23T10:15:30Z"), 100, 0, 10));
        String priced = EventCodec.encode(UsagePricing.priced(UsageEvents.usage("acct_decoder", "sim-light", RoutingMode.AUTO,
                        Instant.parse("2026-11-23T10:15:30Z"), 100, 0, 10),
                new ModelPrice("sim-light", "simulator", "v", "EUR", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO,
                        BigDecimal.ZERO), PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD), ExchangeRate.identity("EUR")));
        List<String> invalid = List.of(
                "{not json",
                "",
                "null",
                priced,
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":2"),
                valid.replace("\"type\":\"UsageRecorded\"", "\"type\":\"UsageCharged\""),
                valid.replace("\"cachedPromptTokens\":0", "\"cachedPromptTokens\":101"),
                valid.replace("\"promptTokens\":100,", ""),
                valid.replaceFirst("\"eventId\":\"[^\"]+\",", ""),
                valid.replace("\"occurredAt\":\"2026-11-23T10:15:30Z\"", "\"occurredAt\":\"yesterday\""));

        for (String record : invalid) {
            assertThatThrownBy(() -> EventCodec.decode(record, UsageRecorded.class)).as("codec: %s", record)
                    .isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(() -> UsageRecordedDecoder.decode(record)).as("decoder: %s", record)
                    .isInstanceOf(InvalidEventException.class);
        }
    }
}
