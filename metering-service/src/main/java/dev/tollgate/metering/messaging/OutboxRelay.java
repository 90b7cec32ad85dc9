package dev.tollgate.metering.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.tollgate.metering.persistence.Outbox;
import dev.tollgate.metering.persistence.Outbox.PendingEvent;

/**
 * Publishes the outbox to Kafka: each event is marked published only after Kafka acknowledged it
 * (acks=all), one at a time in the order written. A crash in between publishes it again with the same
 * event id; consumers apply an event id once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final Outbox outbox;
    private final MutinyEmitter<String> feeChanges;

    public OutboxRelay(Outbox outbox, @Channel(Channels.PLATFORM_FEE_CHANGES_OUT) MutinyEmitter<String> feeChanges) {
        this.outbox = outbox;
        this.feeChanges = feeChanges;
    }

    @Scheduled(every = "${tollgate.outbox.interval:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return outbox.unpublished(BATCH)
                .chain(this::publishInOrder)
                .onFailure().invoke(failure -> LOG.warnf("outbox relay will retry: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> publishInOrder(List<PendingEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> feeChanges.sendMessage(Message.of(event.payload())
                                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).withTopic(event.topic()).build()))
                        .chain(() -> outbox.markPublished(event.id())))
                .collect().last()
                .replaceWithVoid();
    }
}
