package dev.tollgate.metering.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;

/**
 * Publishes {@link UsagePriced} events to the ledger's input topic, keyed by account id (per-account order).
 *
 * <p>A batch goes to the channel's Kafka producer in one hand-over to its sending thread, each record with a
 * callback, instead of one reactive message per record. The topic is the channel's ({@code Topics.USAGE_PRICED});
 * the producer settings (acks=all, idempotence, linger,
 * compression) are the channel's, from configuration, and the batch completes only when Kafka acknowledged every
 * record. Sends from one thread to an idempotent producer keep their order per partition.
 */
@ApplicationScoped
public class UsagePricedPublisher {

    private final KafkaClientService kafka;

    public UsagePricedPublisher(KafkaClientService kafka,
                                // declares the channel, so its producer exists; records are sent through that producer
                                @Channel(Channels.USAGE_PRICED_OUT) MutinyEmitter<String> channel) {
        this.kafka = kafka;
    }

    /** Completes once Kafka has acknowledged every record (acks=all); fails if any could not be written. */
    public Uni<Void> publishAll(List<EventEnvelope<UsagePriced>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaProducer<String, String> producer = kafka.getProducer(Channels.USAGE_PRICED_OUT);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger outstanding = new AtomicInteger(events.size());
        // encoded here, on the caller's thread, so the sending thread only hands records to the producer
        List<ProducerRecord<String, String>> records = events.stream()
                .map(event -> new ProducerRecord<String, String>(Topics.USAGE_PRICED, event.accountId(), EventCodec.encode(event)))
                .toList();
        return producer.runOnSendingThread(kafkaProducer -> {
                    for (ProducerRecord<String, String> record : records) {
                        kafkaProducer.send(record, (metadata, failure) -> {
                            if (failure != null) {
                                acknowledged.completeExceptionally(failure);
                            } else if (outstanding.decrementAndGet() == 0) {
                                acknowledged.complete(null);
                            }
                        });
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(acknowledged));
    }
}
