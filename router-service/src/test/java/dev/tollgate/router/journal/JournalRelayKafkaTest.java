package dev.tollgate.router.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.EmbeddedKafka;
import dev.tollgate.testing.FreePorts;

/**
 * The journal and its relay against a real Kafka broker of their own (on a fixed port, so it can be
 * stopped and started again where the relay expects it): a broker outage and a router crash lose nothing.
 */
class JournalRelayKafkaTest {

    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path kafkaData;
    @TempDir
    Path journalFolder;

    private int kafkaPort;
    private EmbeddedKafka kafka;
    private String topic;

    @BeforeEach
    void startKafka() {
        kafkaPort = FreePorts.pick();
        kafka = EmbeddedKafka.start(kafkaPort, kafkaData, false);
        topic = "journal-test-" + UUID.randomUUID();
    }

    @AfterEach
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyUsageJournalledWhileTheBrokerIsDownArrivesOnceItIsBack() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Map<UUID, byte[]> journalled = new LinkedHashMap<>();
        try (Journal journal = Journal.open(journalFolder, 64 * 1024);
             JournalRelay relay = new JournalRelay(journal, topic, () -> UsageRecords.producer(bootstrap), UsageRecords.relaySettings()).start()) {

            appendAndAwait(journal, journalled, 0, 100);
            awaitAcknowledged(journal, 100);

            kafka.close();
            kafka = null;
            // the router keeps answering: each append is on disk in well under a second with Kafka gone
            long slowestAppendMillis = appendAndAwait(journal, journalled, 100, 150);
            assertThat(slowestAppendMillis).as("slowest append while Kafka is down (ms)").isLessThan(1_000);
            // the relay's attempt times out (the producer's delivery timeout), then it backs off and retries
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.lastFailure() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(relay.lastFailure()).as("the relay saw the outage").isNotNull();
            appendAndAwait(journal, journalled, 250, 50);
            assertThat(journal.acknowledgedPosition()).as("nothing acknowledged while the broker is down").isEqualTo(100);

            kafka = EmbeddedKafka.start(kafkaPort, kafkaData, false);
            appendAndAwait(journal, journalled, 300, 100);
            awaitAcknowledged(journal, 400);
            assertThat(relay.lastFailure()).isNull();
        }

        assertArrivedExactlyAsJournalled(journalled);
    }

    @Test
    void theHeadersJournalledWithARecordGoWithItToKafka() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        EventEnvelope<UsageRecorded> traced = UsageRecords.usage("acct_traced", 1);
        EventEnvelope<UsageRecorded> untraced = UsageRecords.usage("acct_traced", 2);
        try (Journal journal = Journal.open(journalFolder, 64 * 1024);
             JournalRelay relay = new JournalRelay(journal, topic, () -> UsageRecords.producer(bootstrap), UsageRecords.relaySettings()).start()) {
            journal.append("acct_traced".getBytes(UTF_8), UsageRecords.encoded(traced), Map.of("traceparent", traceparent)).join();
            journal.append("acct_traced".getBytes(UTF_8), UsageRecords.encoded(untraced)).join();
            awaitAcknowledged(journal, 2);
        }

        Map<UUID, ConsumerRecord<byte[], byte[]>> arrived = UsageRecords.readUntilDistinct(bootstrap, topic, 2, ARRIVAL_TIMEOUT).stream()
                .collect(Collectors.toMap(record -> UsageRecords.eventId(record.value()), record -> record, (first, again) -> first));
        Header header = arrived.get(traced.eventId()).headers().lastHeader("traceparent");
        assertThat(header).as("the journalled trace context, as a Kafka header").isNotNull();
        assertThat(new String(header.value(), UTF_8)).isEqualTo(traceparent);
        assertThat(arrived.get(untraced.eventId()).headers().toArray()).as("a record journalled without headers").isEmpty();
    }

    @Test
    void afterACrashANewJournalOverTheSameFolderSendsEverythingNotAcknowledged() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Map<UUID, byte[]> journalled = new LinkedHashMap<>();

        Journal first = Journal.open(journalFolder, 16 * 1024);
        JournalRelay firstRelay = new JournalRelay(first, topic, () -> UsageRecords.producer(bootstrap), UsageRecords.relaySettings()).start();
        appendAndAwait(first, journalled, 0, 60);
        awaitAcknowledged(first, 60);
        // the relay dies with the process; the next entries are on disk but never reach Kafka
        firstRelay.close();
        appendAndAwait(first, journalled, 60, 140);
        first.close();
        // ... and the process was killed in the middle of one more append, never answered
        Path lastSegment;
        try (Stream<Path> files = Files.list(journalFolder)) {
            lastSegment = files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        ByteBuffer torn = EntryFormat.encode("acct_restart".getBytes(UTF_8), UsageRecords.encoded(UsageRecords.usage("acct_restart", 999)));
        try (FileChannel channel = FileChannel.open(lastSegment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(torn.array(), 0, torn.remaining() / 2));
        }

        try (Journal second = Journal.open(journalFolder, 16 * 1024)) {
            assertThat(second.acknowledgedPosition()).isGreaterThanOrEqualTo(60);
            assertThat(second.durablePosition()).as("the torn append is not in the journal").isEqualTo(200);
            try (JournalRelay secondRelay = new JournalRelay(second, topic, () -> UsageRecords.producer(bootstrap),
                    UsageRecords.relaySettings()).start()) {
                awaitAcknowledged(second, 200);
                assertThat(second.segmentCount()).as("acknowledged segments are deleted").isEqualTo(1);
            }
        }

        assertArrivedExactlyAsJournalled(journalled);
    }

    /** Appends {@code count} usage events and waits for each; returns the slowest append in milliseconds. */
    private static long appendAndAwait(Journal journal, Map<UUID, byte[]> journalled, int from, int count) {
        long slowestNanos = 0;
        for (int i = from; i < from + count; i++) {
            String accountId = (i % 2 == 0 ? "acct_outage" : "acct_restart");
            EventEnvelope<UsageRecorded> usage = UsageRecords.usage(accountId, i);
            byte[] value = UsageRecords.encoded(usage);
            journalled.put(usage.eventId(), value);
            long started = System.nanoTime();
            CompletableFuture<Long> append = journal.append(accountId.getBytes(UTF_8), value);
            append.orTimeout(10, TimeUnit.SECONDS).join();
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
        }
        return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
    }

    private static void awaitAcknowledged(Journal journal, long position) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (journal.acknowledgedPosition() < position && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(journal.acknowledgedPosition()).as("acknowledged by Kafka").isGreaterThanOrEqualTo(position);
    }

    /**
     * Every journalled event is on the topic, byte for byte, keyed by its account, and nothing else is;
     * duplicates are allowed (consumers deduplicate by event id) but each account's events first appear in journal order.
     */
    private void assertArrivedExactlyAsJournalled(Map<UUID, byte[]> journalled) {
        List<ConsumerRecord<byte[], byte[]>> records = UsageRecords.readUntilDistinct(kafka.bootstrapServers(), topic,
                journalled.size(), ARRIVAL_TIMEOUT);
        Map<UUID, List<ConsumerRecord<byte[], byte[]>>> byEventId = records.stream()
                .collect(Collectors.groupingBy(record -> UsageRecords.eventId(record.value())));

        assertThat(byEventId.keySet()).as("event ids on the topic").containsExactlyInAnyOrderElementsOf(journalled.keySet());
        journalled.forEach((eventId, value) -> byEventId.get(eventId).forEach(record -> {
            assertThat(record.value()).as("record of " + eventId + " is byte-identical to the journal").isEqualTo(value);
            String accountId = EventCodec.decode(new String(value, UTF_8)).accountId();
            assertThat(new String(record.key(), UTF_8)).isEqualTo(accountId);
        }));
        for (String accountId : List.of("acct_outage", "acct_restart")) {
            List<UUID> journalOrder = journalled.entrySet().stream()
                    .filter(entry -> EventCodec.decode(new String(entry.getValue(), UTF_8)).accountId().equals(accountId))
                    .map(Map.Entry::getKey).toList();
            List<UUID> firstArrivals = records.stream()
                    .filter(record -> new String(record.key(), UTF_8).equals(accountId))
                    .map(record -> UsageRecords.eventId(record.value())).distinct().toList();
            assertThat(firstArrivals).as("order of " + accountId + "'s usage on its partition").isEqualTo(journalOrder);
        }
    }
}
