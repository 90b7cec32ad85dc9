package dev.tollgate.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.TollgateServersResource;

/**
 * Pushes N usage events through the real Kafka broker into metering (running in this JVM against the real
 * PostgreSQL) and measures priced events per second out and the end-to-end lag (usage produced → its
 * {@code UsagePriced} read back), p50 and p99. Not part of the normal build (the name does not end in Test);
 * run it with
 * <pre>./mvnw -pl metering-service test -Dtest=UsagePricingBenchmark</pre>
 * Sizes: {@code BENCH_USAGES} (default 20000); {@code BENCH_RATE} paces the producer at that many events per
 * second (default 0: as fast as possible, which measures the backlog drain rate, and the lag then includes
 * the time spent queued). Figures are recorded in the README.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class UsagePricingBenchmark {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void pricedEventsPerSecondAndEndToEndLag() throws Exception {
        int usages = Integer.parseInt(System.getenv().getOrDefault("BENCH_USAGES", "20000"));
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "0"));
        Map<String, Long> producedAtNanos = new ConcurrentHashMap<>();
        long[] lagNanos = new long[usages];
        String runId = UUID.randomUUID().toString();

        try (KafkaConsumer<String, String> consumer = consumer(); KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(Topics.USAGE_PRICED));
            consumer.poll(Duration.ofMillis(500)); // join the group before producing
            long start = System.nanoTime();
            Thread pusher = new Thread(() -> {
                for (int i = 0; i < usages; i++) {
                    if (rate > 0) {
                        long due = start + (long) i * 1_000_000_000L / rate;
                        while (System.nanoTime() < due) {
                            Thread.onSpinWait();
                        }
                    }
                    String account = "acct_bench_" + (i % 50);
                    EventEnvelope<UsageRecorded> usage = UsageEvents.usage(account, "sim-standard", RoutingMode.AUTO,
                            Instant.parse("2026-11-23T10:00:00Z"), 1_200, 200, 300 + i % 400);
                    String value = EventCodec.encode(usage);
                    producedAtNanos.put(usage.eventId().toString(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.USAGE_RECORDED, account, value));
                }
                producer.flush();
            });
            pusher.start();

            int priced = 0;
            long firstPriced = 0;
            long lastPriced = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (priced < usages && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String usageId = EventCodec.decode(record.value()).causationId();
                    Long producedAt = producedAtNanos.remove(usageId);
                    if (producedAt == null) {
                        continue; // another run's record, or a redelivery already counted
                    }
                    if (priced == 0) {
                        firstPriced = now;
                    }
                    lastPriced = now;
                    lagNanos[priced++] = now - producedAt;
                }
            }
            pusher.join();
            long[] lags = Arrays.copyOf(lagNanos, priced);
            Arrays.sort(lags);
            double seconds = (lastPriced - start) / 1e9;
            System.out.printf("%nmetering benchmark (run %s): %d usage events%s%n", runId, usages,
                    rate > 0 ? " paced at " + rate + "/s" : " pushed as fast as possible");
            System.out.printf("  priced: %d in %.2f s from the first push = %.0f priced events/s (%.0f/s between first and last priced)%n",
                    priced, seconds, priced / seconds, priced / Math.max(1e-9, (lastPriced - firstPriced) / 1e9));
            System.out.printf("  end-to-end lag (produced -> priced read back): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n%n",
                    percentile(lags, 50) / 1e6, percentile(lags, 99) / 1e6, lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
            if (priced < usages) {
                throw new AssertionError("only " + priced + " of " + usages + " priced within 10 minutes");
            }
        }
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // only this run's usage ids are counted
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }
}
