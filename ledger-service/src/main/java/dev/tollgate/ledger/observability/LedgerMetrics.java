package dev.tollgate.ledger.observability;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.ledger.messaging.Channels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * The ledger's own meters, beside Quarkus' (HTTP server: the hold API's latency and statuses, 402 included;
 * JVM; the Kafka clients' lag). Tags are bounded: the entry type; never an account id.
 *
 * <ul>
 *   <li>{@code tollgate_ledger_entries_total{type}}: entries appended to the log, by type ({@code UsageCharged},
 *       {@code PurchaseCredited}, {@code HoldPlaced}, {@code HoldCaptured}, {@code HoldReleased}, {@code HoldExpired}, ...):
 *       the hold outcomes are the hold entries</li>
 *   <li>{@code tollgate_ledger_dead_letters_total{channel}}: priced usage or payments events that could not be applied
 *       and went to the channel's dead-letter topic (the balances projector's dead letters show in the Kafka
 *       producer's per-topic metrics)</li>
 *   <li>{@code tollgate_ledger_append_seconds}: one append of an incoming event (inbox, lock, entries, projection),
 *       see {@code LedgerAppender}</li>
 * </ul>
 */
// created at start, so its series (zeros included) are on /q/metrics before the first event
@Startup
@ApplicationScoped
public class LedgerMetrics {

    private final Meter.MeterProvider<Counter> entries;
    private final Meter.MeterProvider<Counter> deadLetters;

    public LedgerMetrics(MeterRegistry registry) {
        this.entries = Counter.builder("tollgate.ledger.entries")
                .description("Entries appended to the ledger's log, by type").withRegistry(registry);
        this.deadLetters = Counter.builder("tollgate.ledger.dead.letters")
                .description("Incoming records that could not be applied (sent to the channel's dead-letter topic)")
                .withRegistry(registry);
        for (Class<?> type : LedgerEvent.class.getPermittedSubclasses()) {
            entries.withTags(Tags.of("type", type.getSimpleName()));
        }
        for (String channel : List.of(Channels.USAGE_PRICED, Channels.PAYMENTS_EVENTS)) {
            deadLetters.withTags(Tags.of("channel", channel));
        }
    }

    /** A record of {@code channel} (a channel name of {@code messaging.Channels}) that failed: dead-lettered. */
    public void deadLettered(String channel) {
        deadLetters.withTags(Tags.of("channel", channel)).increment();
    }

    /** Entries written in a transaction that reached the database (flushed). */
    public void appended(List<? extends LedgerEvent> written) {
        for (LedgerEvent entry : written) {
            entries.withTags(Tags.of("type", entry.getClass().getSimpleName())).increment();
        }
    }
}
