package dev.tollgate.metering.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.tollgate.contracts.EventCodec.InvalidEventException;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.application.UsagePricing;
import dev.tollgate.metering.application.UsagePricing.Outcome;
import dev.tollgate.metering.observability.MeteringMetrics;

/**
 * Turns each {@code UsageRecorded} into a {@code UsagePriced}, at least once and never losing one. Records
 * arrive in batches (one poll): the batch is priced from the catalogue in memory (after one check that it is
 * current), every priced record is sent, and the batch's offsets are committed only after Kafka acknowledged
 * every record it produced.
 *
 * <ul>
 *   <li>Poison records (not a valid {@code UsageRecorded}, or no price in force for the model) can never
 *       succeed: they are written unchanged to {@link Channels#USAGE_RECORDED_DEAD_LETTER_TOPIC} with the reason
 *       in the headers (acknowledged before the batch commits), and the partition moves on.</li>
 *   <li>Any other failure (PostgreSQL or Kafka unavailable) retries the whole batch with back-off until it
 *       works: parking a valid usage because of an outage would leave a request unbilled. The partition waits
 *       meanwhile, which keeps each account's charges in order.</li>
 * </ul>
 * A retry or a redelivery publishes the same events again (same event ids, same bytes); the ledger applies
 * an event id once.
 */
@ApplicationScoped
public class UsageRecordedConsumer {

    private static final Logger LOG = Logger.getLogger(UsageRecordedConsumer.class);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final UsagePricing pricing;
    private final UsagePricedPublisher publisher;
    private final MutinyEmitter<String> deadLetters;
    private final MeteringMetrics metrics;

    public UsageRecordedConsumer(UsagePricing pricing, UsagePricedPublisher publisher,
                                 @Channel(Channels.USAGE_RECORDED_DEAD_LETTER_OUT)
                                 @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> deadLetters,
                                 MeteringMetrics metrics) {
        this.pricing = pricing;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.USAGE_RECORDED_IN)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onUsageBatch(Message<List<String>> batch) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> metadata = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("channel " + Channels.USAGE_RECORDED_IN + " must be a batch channel"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>(metadata.getRecords().count());
        metadata.getRecords().forEach(records::add);
        List<EventEnvelope<UsageRecorded>> usages = new ArrayList<>(records.size());
        List<ConsumerRecord<String, String>> usageRecords = new ArrayList<>(records.size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                usages.add(UsageRecordedDecoder.decode(record.value()));
                usageRecords.add(record);
            } catch (InvalidEventException e) {
                // The exception text may quote the record; the record itself is kept in the dead-letter topic.
                LOG.warnf("%s is not a valid UsageRecorded event (%s): sent to the dead-letter topic",
                        position(record), e.getClass().getSimpleName());
                deadLettered.add(deadLetter(record, e).invoke(() -> metrics.deadLettered(MeteringMetrics.INVALID_EVENT)));
            }
        }
        return Uni.createFrom().deferred(() -> priceAndPublish(usages, usageRecords))
                .onFailure().invoke(failure -> LOG.warnf("pricing a batch of %d usages failed, will retry: %s",
                        usages.size(), failure.toString()))
                .onFailure().retry().withBackOff(FIRST_RETRY_DELAY, MAX_RETRY_DELAY).indefinitely()
                .chain(unpriceable -> {
                    List<Uni<Void>> all = new ArrayList<>(deadLettered);
                    all.addAll(unpriceable);
                    return all.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(all).andFailFast().replaceWithVoid();
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** Prices and publishes every usage; returns the dead-letter sends of those that can never be priced. */
    private Uni<List<Uni<Void>>> priceAndPublish(List<EventEnvelope<UsageRecorded>> usages,
                                                 List<ConsumerRecord<String, String>> records) {
        return pricing.priceAll(usages).chain(outcomes -> {
            List<UsagePricedPublisher.Priced> priced = new ArrayList<>(outcomes.size());
            List<Uni<Void>> unpriceable = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome outcome = outcomes.get(i);
                if (outcome.priced() != null) {
                    priced.add(new UsagePricedPublisher.Priced(outcome.priced(), records.get(i).headers()));
                } else {
                    EventEnvelope<UsageRecorded> usage = usages.get(i);
                    ConsumerRecord<String, String> record = records.get(i);
                    LOG.warnf("usage %s of account %s (%s) cannot be priced: %s; sent to the dead-letter topic",
                            usage.eventId(), usage.accountId(), position(record), outcome.unpriceable().getMessage());
                    unpriceable.add(deadLetter(record, outcome.unpriceable()).invoke(() -> metrics.deadLettered(MeteringMetrics.NO_PRICE)));
                }
            }
            // all sends are in flight together; the batch waits for every acknowledgement
            return publisher.publishAll(priced).replaceWith(unpriceable);
        });
    }

    /** Writes the record unchanged, with its key and the reason in headers, to this consumer's dead-letter topic. */
    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> headersOnly = new ProducerRecord<>(Channels.USAGE_RECORDED_DEAD_LETTER_TOPIC, record.key(), null);
        headersOnly.headers()
                .add("dead-letter-reason", String.valueOf(reason.getMessage()).getBytes(UTF_8))
                .add("dead-letter-cause-class-name", reason.getClass().getName().getBytes(UTF_8))
                .add("dead-letter-topic", record.topic().getBytes(UTF_8))
                .add("dead-letter-partition", Integer.toString(record.partition()).getBytes(UTF_8))
                .add("dead-letter-offset", Long.toString(record.offset()).getBytes(UTF_8));
        return deadLetters.sendMessage(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headersOnly.headers()).build()));
    }

    /** Topic, partition and offset of the record, for logs (never its content). */
    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
