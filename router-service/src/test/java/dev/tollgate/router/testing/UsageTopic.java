package dev.tollgate.router.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageRecorded;

/**
 * Reads the real usage topic with a plain Kafka consumer, starting at its current end: a test
 * opens it, makes requests, then sees exactly the usage those requests produced.
 */
public final class UsageTopic implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaConsumer<String, String> consumer;

    private UsageTopic(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    public static UsageTopic fromEnd() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = partitionsOf(consumer);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the test's requests
        return new UsageTopic(consumer);
    }

    /** Every usage record read until the one of {@code requestId} (included); fails if it never comes. */
    public List<ConsumerRecord<String, String>> readUntil(String requestId) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read.add(record);
                if (requestId.equals(decode(record).payload().requestId())) {
                    return read;
                }
            }
        }
        throw new AssertionError("no UsageRecorded for " + requestId + " within " + TIMEOUT + "; read " + read);
    }

    public static EventEnvelope<UsageRecorded> decode(ConsumerRecord<String, String> record) {
        return EventCodec.decode(record.value(), UsageRecorded.class);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer) {
        // asking for the partitions creates the topic if no test has used it yet
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.USAGE_RECORDED);
            if (partitions != null && !partitions.isEmpty()) {
                return partitions.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
        }
        throw new AssertionError("topic " + Topics.USAGE_RECORDED + " not available");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
