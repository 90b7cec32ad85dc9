package dev.tollgate.router.testing;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.KafkaTestClient;

/**
 * Reads the real usage topic with a plain Kafka consumer, starting at its current end: a test
 * opens it, makes requests, then sees exactly the usage those requests produced.
 */
public final class UsageTopic implements AutoCloseable {

    private final KafkaTestClient.TopicReader reader;

    private UsageTopic(KafkaTestClient.TopicReader reader) {
        this.reader = reader;
    }

    public static UsageTopic fromEnd() {
        try (KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            return new UsageTopic(kafka.fromEnd(Topics.USAGE_RECORDED));
        }
    }

    /** Every usage record read until the one of {@code requestId} (included); fails if it never comes. */
    public List<ConsumerRecord<String, String>> readUntil(String requestId) {
        return reader.readUntil(record -> requestId.equals(decode(record).payload().requestId()));
    }

    public static EventEnvelope<UsageRecorded> decode(ConsumerRecord<String, String> record) {
        return EventCodec.decode(record.value(), UsageRecorded.class);
    }

    @Override
    public void close() {
        reader.close();
    }
}
