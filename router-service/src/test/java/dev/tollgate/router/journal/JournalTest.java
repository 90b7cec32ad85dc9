package dev.tollgate.router.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's file format and its recovery, on a real folder, without Kafka or Quarkus. */
class JournalTest {

    @TempDir
    Path folder;

    @Test
    void appendedEntriesAreReadBackInOrderWithTheirExactBytes() {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            List<Long> positions = appendAll(journal, 5);

            assertThat(positions).containsExactly(0L, 1L, 2L, 3L, 4L);
            try (JournalReader reader = journal.readFrom(0)) {
                List<JournalEntry> entries = reader.read(100);
                assertThat(entries).extracting(JournalEntry::position).containsExactly(0L, 1L, 2L, 3L, 4L);
                assertThat(entries).extracting(entry -> new String(entry.key(), UTF_8)).containsOnly("acct_a");
                assertThat(entries).extracting(entry -> new String(entry.value(), UTF_8))
                        .containsExactly(value(0), value(1), value(2), value(3), value(4));
            }
        }
    }

    @Test
    void headersJournalledWithAnEntryAreReadBackWithItAndEntriesWithoutHeadersKeepNone() {
        Map<String, String> trace = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "tracestate", "congo=t61rcWkgMzE");
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            journal.append(bytes("acct_a"), bytes(value(0))).join();
            journal.append(bytes("acct_a"), bytes(value(1)), trace).join();
            journal.append(bytes("acct_b"), bytes(value(2)), Map.of()).join();
        }
        // reopened: the recovery scan and the reader both understand either layout
        try (Journal reopened = Journal.open(folder, 1 << 20); JournalReader reader = reopened.readFrom(0)) {
            assertThat(reopened.durablePosition()).isEqualTo(3);
            List<JournalEntry> entries = reader.read(100);
            assertThat(entries).extracting(entry -> new String(entry.value(), UTF_8)).containsExactly(value(0), value(1), value(2));
            assertThat(entries).extracting(entry -> new String(entry.key(), UTF_8)).containsExactly("acct_a", "acct_a", "acct_b");
            assertThat(entries.get(0).headers()).isEmpty();
            assertThat(entries.get(1).headers()).isEqualTo(trace);
            assertThat(entries.get(2).headers()).isEmpty();
        }
    }

    @Test
    void aHeaderThatCouldNotBeReadBackIsRefused() {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            assertThatThrownBy(() -> journal.append(bytes("acct_a"), bytes(value(0)), Map.of("trace=parent", "x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append(bytes("acct_a"), bytes(value(0)), Map.of("traceparent", "a\nb")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void entriesSurviveClosingAndReopeningAndPositionsContinue() {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            appendAll(journal, 3);
        }
        try (Journal reopened = Journal.open(folder, 1 << 20)) {
            assertThat(reopened.durablePosition()).isEqualTo(3);
            assertThat(reopened.append(bytes("acct_a"), bytes(value(3))).join()).isEqualTo(3L);
            try (JournalReader reader = reopened.readFrom(1)) {
                assertThat(reader.read(100)).extracting(entry -> new String(entry.value(), UTF_8))
                        .containsExactly(value(1), value(2), value(3));
            }
        }
    }

    @Test
    void aTornLastEntryIsCutOffAtOpenAndTheNextAppendTakesItsPlace() throws IOException {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            appendAll(journal, 4);
        }
        Path segment = onlySegment();
        long wholeSize = Files.size(segment);
        // a crash in the middle of an append: the start of a fifth entry reached the disk, not its end
        ByteBuffer fifth = EntryFormat.encode(bytes("acct_a"), bytes(value(4)));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(fifth.array(), 0, fifth.remaining() - 7));
        }

        try (Journal reopened = Journal.open(folder, 1 << 20)) {
            assertThat(reopened.durablePosition()).isEqualTo(4);
            assertThat(Files.size(segment)).isEqualTo(wholeSize);
            assertThat(reopened.append(bytes("acct_a"), bytes("after the crash")).join()).isEqualTo(4L);
            try (JournalReader reader = reopened.readFrom(0)) {
                assertThat(reader.read(100)).extracting(entry -> new String(entry.value(), UTF_8))
                        .containsExactly(value(0), value(1), value(2), value(3), "after the crash");
            }
        }
    }

    @Test
    void aLastEntryFailingItsCrcIsIgnored() throws IOException {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            appendAll(journal, 3);
        }
        Path segment = onlySegment();
        // flip one byte of the last entry's value (the last byte of the file)
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long last = channel.size() - 1;
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, last);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x01)}), last);
        }

        try (Journal reopened = Journal.open(folder, 1 << 20); JournalReader reader = reopened.readFrom(0)) {
            assertThat(reopened.durablePosition()).isEqualTo(2);
            assertThat(reader.read(100)).extracting(entry -> new String(entry.value(), UTF_8)).containsExactly(value(0), value(1));
        }
    }

    @Test
    void zerosAfterTheLastEntryAreNotTakenForAnEntry() throws IOException {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            appendAll(journal, 2);
        }
        // some file systems leave a zero-filled extent after a crash
        try (FileChannel channel = FileChannel.open(onlySegment(), StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(4096));
        }
        try (Journal reopened = Journal.open(folder, 1 << 20)) {
            assertThat(reopened.durablePosition()).isEqualTo(2);
        }
    }

    @Test
    void segmentsRollOverAndReadingCrossesThem() throws IOException {
        // each entry is a little over 40 bytes: a 100-byte segment takes three
        try (Journal journal = Journal.open(folder, 100)) {
            appendOneByOne(journal, 10);
            assertThat(segmentFiles()).hasSizeGreaterThanOrEqualTo(3);
            try (JournalReader reader = journal.readFrom(2)) {
                List<JournalEntry> read = new ArrayList<>();
                read.addAll(reader.read(3));
                read.addAll(reader.read(100));
                assertThat(read).extracting(JournalEntry::position).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
                assertThat(read).extracting(entry -> new String(entry.value(), UTF_8)).last().isEqualTo(value(9));
            }
        }
        try (Journal reopened = Journal.open(folder, 100); JournalReader reader = reopened.readFrom(5)) {
            assertThat(reopened.durablePosition()).isEqualTo(10);
            assertThat(reader.read(100)).extracting(JournalEntry::position).containsExactly(5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void acknowledgingDeletesTheSegmentsHoldingOnlyAcknowledgedEntriesAndSurvivesReopening() throws IOException {
        try (Journal journal = Journal.open(folder, 100)) {
            appendOneByOne(journal, 10);
            int segmentsBefore = segmentFiles().size();

            journal.acknowledge(7);

            assertThat(journal.acknowledgedPosition()).isEqualTo(7);
            assertThat(journal.unacknowledgedEntries()).isEqualTo(3);
            assertThat(segmentFiles()).hasSizeLessThan(segmentsBefore);
            try (JournalReader reader = journal.readFrom(journal.acknowledgedPosition())) {
                assertThat(reader.read(100)).extracting(JournalEntry::position).containsExactly(7L, 8L, 9L);
            }
            assertThatThrownBy(() -> journal.acknowledge(11)).isInstanceOf(IllegalArgumentException.class);
        }
        try (Journal reopened = Journal.open(folder, 100); JournalReader reader = reopened.readFrom(reopened.acknowledgedPosition())) {
            assertThat(reopened.acknowledgedPosition()).isEqualTo(7);
            assertThat(reader.read(100)).extracting(JournalEntry::position).containsExactly(7L, 8L, 9L);
        }
    }

    @Test
    void aFullyAcknowledgedJournalKeepsCountingFromItsCheckpoint() throws IOException {
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            appendAll(journal, 3);
            journal.acknowledge(3);
        }
        try (Journal reopened = Journal.open(folder, 1 << 20)) {
            assertThat(reopened.unacknowledgedEntries()).isZero();
            assertThat(reopened.append(bytes("acct_a"), bytes("next")).join()).isEqualTo(3L);
        }
    }

    @Test
    void concurrentAppendsShareForces() throws Exception {
        int appenders = 32;
        int perAppender = 50;
        try (Journal journal = Journal.open(folder, 1 << 20)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perAppender; i++) {
                        journal.append(bytes("acct_" + thread), bytes(thread + "-" + i)).join();
                    }
                });
                worker.start();
                threads.add(worker);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(journal.appendCount()).isEqualTo(appenders * perAppender);
            assertThat(journal.forceCount()).as("group commit: fewer forces than appends").isLessThan(appenders * perAppender);
            try (JournalReader reader = journal.readFrom(0)) {
                assertThat(reader.read(10_000)).hasSize(appenders * perAppender)
                        .extracting(entry -> new String(entry.value(), UTF_8)).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void appendsAfterCloseFail() {
        Journal journal = Journal.open(folder, 1 << 20);
        journal.close();
        assertThat(journal.append(bytes("acct_a"), bytes("late"))).isCompletedExceptionally();
    }

    private static List<Long> appendAll(Journal journal, int count) {
        List<CompletableFuture<Long>> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appended.add(journal.append(bytes("acct_a"), bytes(value(i))));
        }
        return appended.stream().map(CompletableFuture::join).toList();
    }

    /** One append at a time, so each is its own batch and segments roll between them. */
    private static void appendOneByOne(Journal journal, int count) {
        for (int i = 0; i < count; i++) {
            journal.append(bytes("acct_a"), bytes(value(i))).join();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static String value(int i) {
        return "{\"usage\":" + i + ",\"pad\":\"xxxxxxxx\"}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
