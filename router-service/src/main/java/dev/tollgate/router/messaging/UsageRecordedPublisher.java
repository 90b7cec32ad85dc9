package dev.tollgate.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.router.journal.UsageJournal;
import dev.tollgate.router.observability.GatewayMetrics;
import dev.tollgate.router.observability.UsageTracing;

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
    private final UsageTracing tracing;
    private final GatewayMetrics metrics;

    public UsageRecordedPublisher(UsageJournal journal, UsageTracing tracing, GatewayMetrics metrics) {
        this.journal = journal;
        this.tracing = tracing;
        this.metrics = metrics;
    }

    public Uni<Void> publish(EventEnvelope<UsageRecorded> usage) {
        String encoded = EventCodec.encode(usage);
        // the request's trace context goes into the journal with the record: the relay sends it on to Kafka
        UsageTracing.Appending appending = tracing.startAppend(usage.correlationId());
        long started = System.nanoTime();
        // the journal completes appends on its writer thread; carry on on the request's own event loop
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> journal.append(usage.accountId(), encoded, appending.headers()))
                .onTermination().invoke((position, failure, cancelled) -> {
                    appending.ended(failure);
                    metrics.journalAppended(System.nanoTime() - started, failure == null && !cancelled);
                })
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
