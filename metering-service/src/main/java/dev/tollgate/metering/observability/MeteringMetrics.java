package dev.tollgate.metering.observability;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsagePriced;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Metering's own meters, beside Quarkus' (HTTP, JVM, the Kafka clients' lag and throughput). Tags are few and
 * bounded (tier, routing mode, dead-letter reason); never an account or request id.
 *
 * <ul>
 *   <li>{@code tollgate_metering_priced_total{tier,routing_mode}}: {@code UsagePriced} events Kafka acknowledged</li>
 *   <li>{@code tollgate_metering_usage_age_seconds}: from the request (the usage's time) to its priced event being
 *       acknowledged: the lag of the pipeline router → journal → Kafka → metering</li>
 *   <li>{@code tollgate_metering_pricing_seconds}: pricing one batch (one catalogue query), see {@code UsagePricing}</li>
 *   <li>{@code tollgate_metering_dead_letters_total{reason}}: usage records sent to the dead-letter topic
 *       ({@code invalid_event}: not a valid UsageRecorded; {@code no_price}: no price or rate in force)</li>
 * </ul>
 */
// created at start, so its series (zeros included) are on /q/metrics before the first event
@Startup
@ApplicationScoped
public class MeteringMetrics {

    public static final String INVALID_EVENT = "invalid_event";
    public static final String NO_PRICE = "no_price";

    private final Meter.MeterProvider<Counter> priced;
    private final Meter.MeterProvider<Counter> deadLetters;
    private final Timer usageAge;

    public MeteringMetrics(MeterRegistry registry) {
        this.priced = Counter.builder("tollgate.metering.priced")
                .description("UsagePriced events produced and acknowledged by Kafka").withRegistry(registry);
        this.deadLetters = Counter.builder("tollgate.metering.dead.letters")
                .description("Usage records sent to the dead-letter topic, by reason").withRegistry(registry);
        this.usageAge = Timer.builder("tollgate.metering.usage.age")
                .description("From the request to its priced event acknowledged by Kafka")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        // every reason from the start: a rate of dead letters reads 0, not "no data"
        deadLetters.withTags(Tags.of("reason", INVALID_EVENT));
        deadLetters.withTags(Tags.of("reason", NO_PRICE));
    }

    public void priced(EventEnvelope<UsagePriced> event) {
        UsagePriced payload = event.payload();
        priced.withTags(Tags.of("tier", payload.tier() == null ? "none" : payload.tier(),
                "routing_mode", payload.routingMode() == null ? "none" : payload.routingMode().name().toLowerCase())).increment();
        usageAge.record(Duration.between(event.occurredAt(), Instant.now()).abs());
    }

    /** @param reason {@link #INVALID_EVENT} or {@link #NO_PRICE} */
    public void deadLettered(String reason) {
        deadLetters.withTags(Tags.of("reason", reason)).increment();
    }
}
