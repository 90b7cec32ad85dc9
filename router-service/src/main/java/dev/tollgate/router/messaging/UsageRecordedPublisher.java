package dev.tollgate.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.router.journal.UsageJournal;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hands usage to the billing pipeline. The returned {@link Uni} completes once the encoded event is
 * forced to the router's local journal, so a client is answered only once its usage is safe on disk;
 * the journal's relay then sends it to Kafka keyed by account (see docs/usage-durability.md). A Kafka
 * outage therefore delays billing but does not stop the gateway.
 */
@ApplicationScoped
public class UsageRecordedPublisher {

    private final UsageJournal journal;

    public UsageRecordedPublisher(UsageJournal journal) {
        this.journal = journal;
    }

    public Uni<Void> publish(EventEnvelope<UsageRecorded> usage) {
        String encoded = EventCodec.encode(usage);
        // the journal completes appends on its writer thread; carry on on the request's own event loop
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> journal.append(usage.accountId(), encoded))
                .emitOn(command -> {
                    if (context == null) {
                        command.run();
                    } else {
                        context.runOnContext(ignored -> command.run());
                    }
                })
                .replaceWithVoid();
    }
}
