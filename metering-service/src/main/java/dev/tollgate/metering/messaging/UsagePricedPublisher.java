package dev.tollgate.metering.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsagePriced;

/** Publishes {@link UsagePriced} events to the ledger's input topic, keyed by account id (per-account order). */
@ApplicationScoped
public class UsagePricedPublisher {

    private final MutinyEmitter<String> usagePriced;

    public UsagePricedPublisher(
            // a whole batch (max.poll.records) is sent at once, before any acknowledgement
            @Channel(Channels.USAGE_PRICED_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> usagePriced) {
        this.usagePriced = usagePriced;
    }

    /** Completes once Kafka has acknowledged the record (acks=all), fails if it could not be written. */
    public Uni<Void> publish(EventEnvelope<UsagePriced> event) {
        Message<String> record = Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.accountId()).build());
        return usagePriced.sendMessage(record);
    }
}
