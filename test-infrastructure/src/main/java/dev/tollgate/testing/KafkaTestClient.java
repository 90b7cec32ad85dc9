package dev.tollgate.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients against the test broker, to drive a service from outside as its neighbours
 * would: string keys and values, so that tests encode and decode events themselves. Topics are
 * shared by all tests, so readers filter for the records they expect.
 *
 * <p>The producer is created on the first {@link #send}; a client that only reads holds nothing
 * to close. Each read uses a consumer of its own, in a fresh consumer group.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits until the broker has acknowledged it (acks=all). */
    public void send(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic, e.getCause());
        }
    }

    /** The first record of {@code topic} (read from the beginning) that matches, or fails after the timeout. */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> matching) {
        return awaitRecords(topic, matching, 1).get(0);
    }

    /** The first {@code count} matching records of {@code topic} (read from the beginning), or fails after the timeout. */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> matching, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(POLL).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching record(s) on " + topic + " within " + TIMEOUT
                    + " but found " + found.size());
        }
        return found.subList(0, count);
    }

    /** Every matching record of {@code topic} that arrives within {@code window} (to prove that something did not happen). */
    public List<ConsumerRecord<String, String>> recordsWithin(String topic, Predicate<ConsumerRecord<String, String>> matching, Duration window) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(window);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(POLL).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    /**
     * A reader of {@code topic} positioned at its current end (creating the topic if no one has used
     * it yet): a test opens it, acts, then reads exactly the records its actions produced. The reader
     * has its own consumer, stays usable after this client is closed, and must be closed itself.
     */
    public TopicReader fromEnd(String topic) {
        KafkaConsumer<String, String> consumer = newConsumer();
        try {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now, before the test acts
            return new TopicReader(topic, consumer);
        } catch (RuntimeException | Error e) {
            consumer.close();
            throw e;
        }
    }

    /** Reads one topic forward from where it was opened; see {@link KafkaTestClient#fromEnd}. */
    public static final class TopicReader implements AutoCloseable {

        private final String topic;
        private final KafkaConsumer<String, String> consumer;
        private final Queue<ConsumerRecord<String, String>> polledNotRead = new ArrayDeque<>();

        private TopicReader(String topic, KafkaConsumer<String, String> consumer) {
            this.topic = topic;
            this.consumer = consumer;
        }

        /**
         * Every record read since the last call (or since the reader was opened) until the first one
         * that matches {@code last}, that one included; fails if none matches within the timeout.
         */
        public List<ConsumerRecord<String, String>> readUntil(Predicate<ConsumerRecord<String, String>> last) {
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (polledNotRead.isEmpty()) {
                    consumer.poll(POLL).forEach(polledNotRead::add);
                }
                while (!polledNotRead.isEmpty()) {
                    ConsumerRecord<String, String> record = polledNotRead.remove();
                    read.add(record);
                    if (last.test(record)) {
                        return read;
                    }
                }
            }
            throw new AssertionError("no matching record on " + topic + " within " + TIMEOUT + "; read " + read);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String topic) {
        // asking for the partitions creates the topic if no test has used it yet
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions != null && !partitions.isEmpty()) {
                return partitions.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
        }
        throw new AssertionError("topic " + topic + " not available within " + TIMEOUT);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    private KafkaConsumer<String, String> newConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-test-client-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
