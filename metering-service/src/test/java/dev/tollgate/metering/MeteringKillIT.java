package dev.tollgate.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.application.UsagePricing;
import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TemporaryServers;
import dev.tollgate.testing.ServiceJarProcess;

/**
 * Exactly once, as the ledger sees it: the packaged metering-service is killed with SIGKILL (kill -9)
 * twice while it prices a backlog that also holds replayed duplicates of the same usage events. After the
 * last restart, every usage event id has exactly one {@code UsagePriced} event id (records may repeat
 * after a kill; a repeated record is byte-identical, and the ledger applies an event id once), and the sum
 * of the distinct charges is exact.
 */
class MeteringKillIT {

    private static final int USAGES = 3_000;
    private static final int REPLAYED = 500;
    private static final Duration WAIT = Duration.ofSeconds(240);

    @RegisterExtension
    static final TemporaryServers SERVERS = new TemporaryServers();

    @Test
    void replayedAndRedeliveredUsageYieldsOnePricedEventPerUsageAcrossKill9() throws Exception {
        List<EventEnvelope<UsageRecorded>> usages = new ArrayList<>();
        for (int i = 0; i < USAGES; i++) {
            String account = "acct_kill_" + (i % 7);
            // 1,000 prompt + i completion tokens of sim-budget, auto: see expectedMicros
            usages.add(UsageEvents.usage(account, "sim-budget", RoutingMode.AUTO, Instant.parse("2026-11-23T10:00:00Z"), 1_000, 0, i));
        }
        try (KafkaTestClient kafka = new KafkaTestClient(SERVERS.kafka().bootstrapServers())) {
            for (EventEnvelope<UsageRecorded> usage : usages) {
                kafka.send(Topics.USAGE_RECORDED, usage.accountId(), EventCodec.encode(usage));
            }
            // the same events again, as a replay or a duplicate delivery by the producer would bring them
            for (EventEnvelope<UsageRecorded> usage : usages.subList(0, REPLAYED)) {
                kafka.send(Topics.USAGE_RECORDED, usage.accountId(), EventCodec.encode(usage));
            }
        }

        try (PricedReader priced = new PricedReader(SERVERS.kafka().bootstrapServers())) {
            ServiceJarProcess first = startMetering("first");
            priced.awaitDistinct(first, 400);
            first.kill(); // SIGKILL: no shutdown, no offset commit
            ServiceJarProcess second = startMetering("second");
            int atSecondKill = priced.awaitDistinct(second, priced.distinct() + 600);
            second.kill();
            assertThat(atSecondKill).as("killed while work was left").isLessThan(USAGES);

            ServiceJarProcess third = startMetering("third");
            try {
                priced.awaitDistinct(third, USAGES);
                // every record, replays included, has been priced (a record per usage record at least) ...
                priced.awaitRecords(third, USAGES + REPLAYED);
                Thread.sleep(3_000); // ... and anything still redelivered shows up now
                priced.poll(Duration.ofSeconds(1));

                Map<String, String> pricedByUsage = priced.pricedEventIdByUsageEventId();
                assertThat(pricedByUsage).hasSize(USAGES);
                long exactSum = 0;
                for (EventEnvelope<UsageRecorded> usage : usages) {
                    String pricedId = pricedByUsage.get(usage.eventId().toString());
                    assertThat(pricedId).as("one priced event id for usage " + usage.eventId())
                            .isEqualTo(UsagePricing.pricedEventId(usage.eventId()).toString());
                    exactSum += expectedMicros(usage.payload().completionTokens());
                }
                assertThat(priced.conflicts()).as("a repeated record is identical to the first").isZero();
                assertThat(priced.distinctTotalMicros()).as("sum of charges, each event id once").isEqualTo(exactSum);
                System.out.printf("kill -9 test: %d usage records (%d replayed), %d priced records, %d distinct priced events%n",
                        USAGES + REPLAYED, REPLAYED, priced.records(), pricedByUsage.size());
            } finally {
                third.close();
            }
        }
    }

    /**
     * sim-budget, auto: upstream 1,000 x 0.10 + c x 0.40, fee 1,000 x 0.02 + c x 0.08 per million, margin 10% of upstream:
     * (100 + 0.4c) x 1.1 + 20 + 0.08c = 130 + 0.52c per million EUR = 130 + 0.52c micro-units before rounding; half up once.
     */
    static long expectedMicros(long completionTokens) {
        // 0.52c = 52c / 100: whole micros plus a remainder in hundredths; half up at 50
        long hundredths = 13_000 + 52 * completionTokens;
        return hundredths / 100 + (hundredths % 100 >= 50 ? 1 : 0);
    }

    private ServiceJarProcess startMetering(String run) {
        Path jar = Path.of(System.getProperty("metering.jar", "target/quarkus-app/quarkus-run.jar"));
        return ServiceJarProcess.start("metering-" + run, jar, FreePorts.pick(), Map.of(
                "kafka.bootstrap.servers", SERVERS.kafka().bootstrapServers(),
                "tollgate.postgres.host", SERVERS.postgres().host(),
                "tollgate.postgres.port", Integer.toString(SERVERS.postgres().port()),
                // a killed consumer leaves the group only when its session times out: keep that short
                "mp.messaging.incoming.usage-recorded-in.session.timeout.ms", "6000"),
                Path.of("target", "kill-test-" + run + ".log"));
    }

    /** Reads tollgate.usage.priced.v1 from the start and keeps, per usage (causation) id, what was priced. */
    private static final class PricedReader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final Map<String, String> pricedEventIdByUsage = new HashMap<>();
        private final Map<String, String> recordByPricedEventId = new HashMap<>();
        private final Map<String, Long> totalByPricedEventId = new HashMap<>();
        private int records;
        private int conflicts;

        PricedReader(String bootstrapServers) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, "kill-test-" + UUID.randomUUID());
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(properties);
            consumer.subscribe(List.of(Topics.USAGE_PRICED));
        }

        void poll(Duration timeout) {
            for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
                records++;
                EventEnvelope<UsagePriced> priced = EventCodec.decode(record.value(), UsagePriced.class);
                String pricedId = priced.eventId().toString();
                String previous = recordByPricedEventId.putIfAbsent(pricedId, record.value());
                if (previous != null && !previous.equals(record.value())) {
                    conflicts++;
                }
                String earlier = pricedEventIdByUsage.putIfAbsent(priced.causationId(), pricedId);
                if (earlier != null && !earlier.equals(pricedId)) {
                    conflicts++;
                }
                Money total = priced.payload().breakdown().total();
                totalByPricedEventId.putIfAbsent(pricedId, total.amountMicros());
            }
        }

        int awaitDistinct(ServiceJarProcess metering, int atLeast) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(metering.isAlive()).as("metering process alive (see target/kill-test-*.log)").isTrue();
                poll(Duration.ofMillis(100));
                if (distinct() >= atLeast) {
                    return distinct();
                }
            }
            assertThat(distinct()).as("distinct priced usages").isGreaterThanOrEqualTo(atLeast);
            return distinct();
        }

        void awaitRecords(ServiceJarProcess metering, int atLeast) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records < atLeast && System.nanoTime() < deadline) {
                assertThat(metering.isAlive()).as("metering process alive (see target/kill-test-*.log)").isTrue();
                poll(Duration.ofMillis(100));
            }
            assertThat(records).as("priced records, replays included").isGreaterThanOrEqualTo(atLeast);
        }

        int distinct() {
            return pricedEventIdByUsage.size();
        }

        int records() {
            return records;
        }

        int conflicts() {
            return conflicts;
        }

        Map<String, String> pricedEventIdByUsageEventId() {
            return pricedEventIdByUsage;
        }

        long distinctTotalMicros() {
            return totalByPricedEventId.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
