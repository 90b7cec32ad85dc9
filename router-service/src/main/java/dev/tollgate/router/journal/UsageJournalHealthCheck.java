package dev.tollgate.router.journal;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Reports the relay's backlog under liveness. It is always UP: a Kafka outage is exactly what the
 * journal absorbs, so it must neither restart the router nor take it out of the load balancer. The data
 * shows how many usage records wait for Kafka and why the last attempt failed.
 */
@Liveness
@ApplicationScoped
public class UsageJournalHealthCheck implements HealthCheck {

    private final UsageJournal usageJournal;

    public UsageJournalHealthCheck(UsageJournal usageJournal) {
        this.usageJournal = usageJournal;
    }

    @Override
    public HealthCheckResponse call() {
        Journal journal = usageJournal.journal();
        JournalRelay relay = usageJournal.relay();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("usage-journal").up()
                .withData("unacknowledgedEntries", journal.unacknowledgedEntries())
                .withData("journalledPosition", journal.durablePosition())
                .withData("acknowledgedPosition", journal.acknowledgedPosition())
                .withData("segments", journal.segmentCount());
        String failure = relay.lastFailure();
        if (failure != null) {
            response.withData("kafkaFailure", failure).withData("kafkaFailureAt", String.valueOf(relay.lastFailureAt()));
        }
        return response.build();
    }
}
