package dev.tollgate.router.observability;

import jakarta.inject.Singleton;

import dev.tollgate.router.journal.UsageJournal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The usage journal and its relay to Kafka, read from their own counters at each scrape: how much is
 * journalled, how much Kafka has acknowledged, and the backlog between the two (the relay's lag).
 */
@Singleton
public class UsageJournalMetrics implements MeterBinder {

    private final UsageJournal usageJournal;

    public UsageJournalMetrics(UsageJournal usageJournal) {
        this.usageJournal = usageJournal;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("tollgate.usage.journal.appends", usageJournal, journal -> journal.journal().appendCount())
                .description("Usage records forced to the local journal since the start").register(registry);
        FunctionCounter.builder("tollgate.usage.journal.forces", usageJournal, journal -> journal.journal().forceCount())
                .description("Forces (fsync) of the journal; appends per force show the group commit").register(registry);
        Gauge.builder("tollgate.usage.journal.unacknowledged.entries", usageJournal, journal -> journal.journal().unacknowledgedEntries())
                .description("Journalled usage records Kafka has not acknowledged yet: the relay's lag").register(registry);
        Gauge.builder("tollgate.usage.journal.segments", usageJournal, journal -> journal.journal().segmentCount())
                .description("Segment files of the journal on disk").register(registry);
        FunctionCounter.builder("tollgate.usage.relay.sent", usageJournal, journal -> journal.relay().sentEntries())
                .description("Usage records the relay sent and Kafka acknowledged (resends count again)").register(registry);
        FunctionCounter.builder("tollgate.usage.relay.failures", usageJournal, journal -> journal.relay().failedAttempts())
                .description("Relay attempts Kafka did not acknowledge (each retried from the checkpoint)").register(registry);
        Gauge.builder("tollgate.usage.relay.failing", usageJournal, journal -> journal.relay().lastFailure() == null ? 0 : 1)
                .description("1 while Kafka does not acknowledge the relay, else 0").register(registry);
    }
}
