package dev.tollgate.metering.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.metering.observability.MeteringMetrics;
import dev.tollgate.metering.observability.UsageTracing;

/**
 * Publishes {@link UsagePriced} events to the ledger's input topic, keyed by account id (per-account order).
 *
 * <p>A batch goes to the channel's Kafka producer in one hand-over to its sending thread, each record with a
 * callback, instead of one reactive message per record. The topic is the channel's ({@code Topics.USAGE_PRICED});
 * the producer settings (acks=all, idempotence, linger,
 * compression) are the channel's, from configuration, and the batch completes only when Kafka acknowledged every
 * record. Sends from one thread to an idempotent producer keep their order per partition.
 *
 * <p>Each record continues the trace its usage record carried: it is produced under a {@code price usage} span
 * whose context goes into its Kafka headers, so the ledger's append joins the gateway request's trace.
 */
@ApplicationScoped
public class UsagePricedPublisher {

    /** A priced usage and the headers of the usage record it was priced from (they carry the trace context). */
    public record Priced(EventEnvelope<UsagePriced> event, Headers usageHeaders) {
    }

    private final KafkaClientService kafka;
    private final MeteringMetrics metrics;
    private final UsageTracing tracing;

    public UsagePricedPublisher(KafkaClientService kafka,
                                // declares the channel, so its producer exists; records are sent through that producer
                                @Channel(Channels.USAGE_PRICED_OUT) MutinyEmitter<String> channel,
                                MeteringMetrics metrics, UsageTracing tracing) {
        this.kafka = kafka;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** Completes once Kafka has acknowledged every record (acks=all); fails if any could not be written. */
    public Uni<Void> publishAll(List<Priced> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaProducer<String, String> producer = kafka.getProducer(Channels.USAGE_PRICED_OUT);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger outstanding = new AtomicInteger(batch.size());
        // encoded and traced here, on the caller's thread, so the sending thread only hands records to the producer
        List<Outgoing> outgoing = batch.stream().map(this::outgoing).toList();
        return producer.runOnSendingThread(kafkaProducer -> {
                    for (Outgoing out : outgoing) {
                        kafkaProducer.send(out.record(), (metadata, failure) -> {
                            UsageTracing.end(out.pricing(), failure);
                            if (failure != null) {
                                acknowledged.completeExceptionally(failure);
                                return;
                            }
                            metrics.priced(out.event());
                            if (outstanding.decrementAndGet() == 0) {
                                acknowledged.complete(null);
                            }
                        });
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(acknowledged));
    }

    private record Outgoing(ProducerRecord<String, String> record, Span pricing, EventEnvelope<UsagePriced> event) {
    }

    private Outgoing outgoing(Priced priced) {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                Topics.USAGE_PRICED, priced.event().accountId(), EventCodec.encode(priced.event()));
        Span pricing = priced.usageHeaders() == null ? null : tracing.startPricing(priced.usageHeaders(), priced.event());
        tracing.inject(pricing, record.headers());
        return new Outgoing(record, pricing, priced.event());
    }
}
