package dev.tollgate.router.journal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;

/** Real usage events for the relay tests, a producer configured like the router's, and a reader of what reached the topic. */
final class UsageRecords {

    private UsageRecords() {
    }

    static EventEnvelope<UsageRecorded> usage(String accountId, int n) {
        String requestId = "req_" + n + "_" + UUID.randomUUID();
        UsageRecorded recorded = new UsageRecorded(requestId, "key_test", "sim-budget", "simulator", RoutingMode.MODEL, null,
                10 + n, 0, 20, 200, false);
        return EventEnvelope.wrap(UUID.randomUUID(), accountId, Instant.now(), null, requestId, recorded);
    }

    static byte[] encoded(EventEnvelope<UsageRecorded> usage) {
        return EventCodec.encode(usage).getBytes(UTF_8);
    }

    static Producer<byte[], byte[]> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    static JournalRelay.Settings relaySettings() {
        return new JournalRelay.Settings(100, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(10));
    }

    /** Every record of {@code topic}, read from the beginning until {@code expected} distinct event ids arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> readUntilDistinct(String bootstrapServers, String topic, int expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "journal-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        Map<UUID, Integer> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    records.add(record);
                    seen.merge(eventId(record.value()), 1, Integer::sum);
                });
            }
            // a little longer, so records beyond the expected ones would show up too
            long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    static UUID eventId(byte[] value) {
        return EventCodec.decode(new String(value, UTF_8)).eventId();
    }
}
