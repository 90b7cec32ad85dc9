package dev.tollgate.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Hands usage to Kafka, keyed by account so one account's usage stays in order. The returned
 * {@link Uni} completes only when the broker has acknowledged the record (acks=all, idempotent
 * producer: see application.properties), so the router answers a client only once its usage is safe.
 */
@ApplicationScoped
public class UsageRecordedPublisher {

    private final MutinyEmitter<String> emitter;

    public UsageRecordedPublisher(@Channel(Channels.USAGE_RECORDED) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(EventEnvelope<UsageRecorded> usage) {
        Message<String> record = Message.of(EventCodec.encode(usage))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(usage.accountId()).build());
        return emitter.sendMessage(record);
    }
}
