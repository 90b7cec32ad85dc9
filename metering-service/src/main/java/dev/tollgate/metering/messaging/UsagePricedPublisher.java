package dev.tollgate.metering.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.metering.observability.MeteringMetrics;
import dev.tollgate.metering.observability.UsageTracing;

/** Publishes {@link UsagePriced} events to the ledger's input topic, keyed by account id (per-account order). */
@ApplicationScoped
public class UsagePricedPublisher {

    private final MutinyEmitter<String> usagePriced;
    private final MeteringMetrics metrics;
    private final UsageTracing tracing;

    public UsagePricedPublisher(
            // a whole batch (max.poll.records) is sent at once, before any acknowledgement
            @Channel(Channels.USAGE_PRICED_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> usagePriced, MeteringMetrics metrics, UsageTracing tracing) {
        this.usagePriced = usagePriced;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** Completes once Kafka has acknowledged the record (acks=all), fails if it could not be written. */
    public Uni<Void> publish(EventEnvelope<UsagePriced> event) {
        return publish(event, null);
    }

    /**
     * {@link #publish(EventEnvelope)}, continuing the trace that the priced usage record's headers carry: the
     * record is produced inside a {@code price usage} span, whose context goes into its Kafka headers.
     */
    public Uni<Void> publish(EventEnvelope<UsagePriced> event, Headers usageHeaders) {
        Span pricing = usageHeaders == null ? null : tracing.startPricing(usageHeaders, event);
        Message<String> record = Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.accountId()).build());
        if (pricing != null) {
            record = record.addMetadata(TracingMetadata.withCurrent(Context.root().with(pricing)));
        }
        return usagePriced.sendMessage(record)
                .onTermination().invoke((ignored, failure, cancelled) -> UsageTracing.end(pricing, failure))
                .invoke(() -> metrics.priced(event));
    }
}
