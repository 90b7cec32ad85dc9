package dev.tollgate.metering.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventCodec.InvalidEventException;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.application.NoPriceInForceException;
import dev.tollgate.metering.application.UsagePricing;

/**
 * Turns each {@code UsageRecorded} into a {@code UsagePriced}, at least once and never losing one:
 * the usage's offset is acknowledged only after Kafka acknowledged the priced record.
 *
 * <ul>
 *   <li>Poison records (not a valid {@code UsageRecorded}, or no price in force for the model) can never
 *       succeed: they are nacked, which sends them to {@link Channels#USAGE_RECORDED_DEAD_LETTER_TOPIC}
 *       with the reason in the headers, and the partition moves on.</li>
 *   <li>Any other failure (PostgreSQL or Kafka unavailable) is retried with back-off until it works:
 *       parking a valid usage in the dead-letter topic because of an outage would leave a request unbilled.
 *       The partition waits meanwhile, which keeps each account's charges in order.</li>
 * </ul>
 * A retry or a redelivery publishes the same event again (same event id); the ledger applies it once.
 */
@ApplicationScoped
public class UsageRecordedConsumer {

    private static final Logger LOG = Logger.getLogger(UsageRecordedConsumer.class);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final UsagePricing pricing;
    private final UsagePricedPublisher publisher;

    public UsageRecordedConsumer(UsagePricing pricing, UsagePricedPublisher publisher) {
        this.pricing = pricing;
        this.publisher = publisher;
    }

    @Incoming(Channels.USAGE_RECORDED_IN)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onUsageRecorded(Message<String> record) {
        EventEnvelope<UsageRecorded> usage;
        try {
            usage = EventCodec.decode(record.getPayload(), UsageRecorded.class);
        } catch (InvalidEventException e) {
            // The exception text may quote the record; the record itself is kept in the dead-letter topic.
            LOG.warnf("%s is not a valid UsageRecorded event (%s): sent to the dead-letter topic",
                    position(record), e.getClass().getSimpleName());
            return deadLetter(record, e);
        }
        return priceAndPublishUntilDone(usage)
                .chain(() -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("usage %s of account %s (%s) cannot be priced: %s; sent to the dead-letter topic",
                            usage.eventId(), usage.accountId(), position(record), failure.getMessage());
                    return deadLetter(record, failure);
                });
    }

    private Uni<Void> priceAndPublishUntilDone(EventEnvelope<UsageRecorded> usage) {
        // The reactive SQL client is best used from this record's Vert.x context; a retry after a back-off delay
        // is resubscribed from a timer thread, so each attempt hops back onto that context first.
        Context recordContext = Vertx.currentContext();
        return Uni.createFrom().deferred(() -> onContext(recordContext, () -> pricing.price(usage)))
                .chain(publisher::publish)
                .onFailure(failure -> !isPoison(failure)).invoke(failure -> LOG.warnf(
                        "pricing usage %s failed, will retry: %s", usage.eventId(), failure.toString()))
                .onFailure(failure -> !isPoison(failure)).retry()
                .withBackOff(FIRST_RETRY_DELAY, MAX_RETRY_DELAY).indefinitely();
    }

    /** Failures that no retry can cure: the input itself is wrong, or the catalogue has no price for it. */
    private static boolean isPoison(Throwable failure) {
        return failure instanceof NoPriceInForceException
                || failure instanceof InvalidEventException
                || failure instanceof IllegalArgumentException
                || failure instanceof ArithmeticException;
    }

    /** Nacking with the failure-strategy {@code dead-letter-queue} writes the record there, then commits it. */
    private static Uni<Void> deadLetter(Message<String> record, Throwable reason) {
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }

    private static <T> Uni<T> onContext(Context context, Supplier<Uni<T>> work) {
        if (context == null || Vertx.currentContext() == context) {
            return work.get();
        }
        return Uni.createFrom().voidItem()
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(() -> work.get());
    }

    /** Topic, partition and offset of the record, for logs (never its content). */
    private static String position(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getTopic() + "-" + kafka.getPartition() + "@" + kafka.getOffset())
                .orElse("record");
    }
}
