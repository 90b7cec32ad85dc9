package dev.tollgate.router.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * An append-only journal on local disk: segment files {@code segment-<first position>.log} in one
 * folder, plus the {@link JournalCheckpoint} of what Kafka has acknowledged.
 *
 * <p>{@link #append} completes only once the entry is forced to disk. One writer thread does all
 * writes with group commit: it takes every append waiting at that moment, writes them in one go and
 * forces the file once for all of them. Under load the batches grow, so throughput rises while each
 * append waits for at most about two forces.
 *
 * <p>Opening recovers from a crash: the last segment is read entry by entry and cut at the first entry
 * that is not whole (a torn write: its append never completed, so no client saw an answer for it).
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");
    private static final int MAX_APPENDS_PER_FORCE = 4096;

    private final Path folder;
    private final long segmentBytes;
    private final JournalCheckpoint checkpoint;
    /** first position of each segment → its file; the last one is the active segment. */
    private final NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final BlockingQueue<PendingAppend> pending = new LinkedBlockingQueue<>();
    private final Object durableChanged = new Object();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final Thread writer;

    // owned by the writer thread after opening
    private FileChannel active;
    private long activeSizeBytes;
    private long next;

    private volatile long durableNext;
    private volatile long acknowledged;
    private volatile boolean closing;
    private volatile IOException broken;

    private Journal(Path folder, long segmentBytes) {
        this.folder = folder;
        this.segmentBytes = segmentBytes;
        this.checkpoint = new JournalCheckpoint(folder);
        this.writer = new Thread(this::writeLoop, "usage-journal-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (creating if needed) the journal in {@code folder}, recovering from a crash, and starts its writer. */
    public static Journal open(Path folder, long segmentBytes) {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segment size must be positive");
        }
        Journal journal = new Journal(folder.toAbsolutePath(), segmentBytes);
        try {
            journal.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + folder, e);
        }
        journal.writer.start();
        return journal;
    }

    /**
     * Appends one entry; the future completes with its position once it is on disk, or fails if it
     * could not be written (then it is not in the journal).
     */
    public CompletableFuture<Long> append(byte[] key, byte[] value) {
        return append(key, value, Map.of());
    }

    /** {@link #append(byte[], byte[])} with headers kept beside the record (the relay sends them as Kafka headers). */
    public CompletableFuture<Long> append(byte[] key, byte[] value, Map<String, String> headers) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IllegalStateException("the journal is closed"));
            return done;
        }
        pending.add(new PendingAppend(EntryFormat.encode(key, value, headers), done));
        return done;
    }

    /** Every position below this one is on disk. */
    public long durablePosition() {
        return durableNext;
    }

    /** Every position below this one has been acknowledged by Kafka (as of the last checkpoint). */
    public long acknowledgedPosition() {
        return acknowledged;
    }

    /** Entries on disk that Kafka has not acknowledged yet. */
    public long unacknowledgedEntries() {
        return Math.max(0, durableNext - acknowledged);
    }

    /** How many forces (fsyncs) the writer made, and how many appends they covered: the group commit's effect. */
    public long forceCount() {
        return forces.get();
    }

    public long appendCount() {
        return appends.get();
    }

    public int segmentCount() {
        return segments.size();
    }

    public Path folder() {
        return folder;
    }

    /** A reader of the entries on disk from {@code position} on. */
    public JournalReader readFrom(long position) {
        return new JournalReader(this, position);
    }

    /**
     * Records that every entry below {@code position} is acknowledged (durably, in the checkpoint), then
     * deletes the segments that hold only such entries.
     */
    public void acknowledge(long position) throws IOException {
        if (position <= acknowledged) {
            return;
        }
        if (position > durableNext) {
            throw new IllegalArgumentException("cannot acknowledge " + position + " beyond the journal's end " + durableNext);
        }
        checkpoint.write(position);
        deleteSegmentsBelow(position);
        acknowledged = position;
    }

    /** Waits until an entry at or after {@code position} is on disk, or the timeout passes. */
    public void awaitDurableBeyond(long position, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (durableChanged) {
            while (durableNext <= position) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMillis <= 0) {
                    return;
                }
                durableChanged.wait(leftMillis);
            }
        }
    }

    /** Writes what is already waiting, then stops the writer; later appends fail. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(drain(), new IllegalStateException("the journal is closed"));
        try {
            if (active != null) {
                active.close();
            }
        } catch (IOException e) {
            LOG.warnf(e, "closing the journal in %s", folder);
        }
    }

    NavigableMap<Long, Path> segments() {
        return segments;
    }

    // ---- recovery ----

    private void recover() throws IOException {
        Files.createDirectories(folder);
        try (var files = Files.list(folder)) {
            files.forEach(file -> {
                Matcher name = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    segments.put(Long.parseLong(name.group(1)), file);
                }
            });
        }
        acknowledged = checkpoint.read();
        if (segments.isEmpty()) {
            next = acknowledged;
            openNewSegment(next);
        } else {
            long lastBase = segments.lastKey();
            next = lastBase + cutTornTail(segments.lastEntry().getValue());
            active = FileChannel.open(segments.get(lastBase), StandardOpenOption.WRITE);
            activeSizeBytes = active.size();
            active.position(activeSizeBytes);
            if (acknowledged > next) {
                // cannot happen while only this journal writes here; never reuse positions already acknowledged
                LOG.warnf("journal checkpoint %d is beyond the journal's end %d; continuing from the checkpoint", acknowledged, next);
                active.close();
                next = acknowledged;
                openNewSegment(next);
            }
        }
        durableNext = next;
        deleteSegmentsBelow(acknowledged);
        LOG.infof("usage journal in %s: %d segment(s), positions %d..%d, %d not yet acknowledged by Kafka",
                folder, segments.size(), acknowledged, next, next - acknowledged);
    }

    /** Counts the whole entries of a segment and cuts off anything after them; returns the count. */
    private long cutTornTail(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long offset = 0;
            long count = 0;
            EntryFormat.Decoded decoded;
            while ((decoded = EntryFormat.read(channel, offset, size, count)) != null) {
                offset += decoded.sizeBytes();
                count++;
            }
            if (offset < size) {
                LOG.warnf("journal segment %s: ignoring %d bytes after its %d whole entries (a write torn by a crash; "
                        + "no client was answered for it)", segment.getFileName(), size - offset, count);
                channel.truncate(offset);
                channel.force(true);
            }
            return count;
        }
    }

    // ---- writing ----

    private void writeLoop() {
        while (!closing || !pending.isEmpty()) {
            List<PendingAppend> batch;
            try {
                PendingAppend first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch = new ArrayList<>();
                batch.add(first);
                pending.drainTo(batch, MAX_APPENDS_PER_FORCE - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            writeAndForce(batch);
        }
    }

    private void writeAndForce(List<PendingAppend> batch) {
        if (broken != null) {
            failAll(batch, broken);
            return;
        }
        long firstPosition = next;
        long sizeBefore = activeSizeBytes;
        try {
            if (activeSizeBytes >= segmentBytes) {
                rollSegment();
                sizeBefore = 0;
            }
            ByteBuffer[] buffers = new ByteBuffer[batch.size()];
            long total = 0;
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = batch.get(i).entry();
                total += buffers[i].remaining();
            }
            long written = 0;
            while (written < total) {
                written += active.write(buffers);
            }
            active.force(false);
            activeSizeBytes += total;
            next += batch.size();
        } catch (IOException e) {
            LOG.errorf(e, "usage journal: could not write %d entries", batch.size());
            undoPartialWrite(sizeBefore);
            failAll(batch, e);
            return;
        }
        forces.incrementAndGet();
        appends.addAndGet(batch.size());
        synchronized (durableChanged) {
            durableNext = next;
            durableChanged.notifyAll();
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(firstPosition + i);
        }
    }

    /** A failed batch must not leave half an entry behind: the next batch would follow garbage. */
    private void undoPartialWrite(long sizeBefore) {
        try {
            active.truncate(sizeBefore);
            active.position(sizeBefore);
            active.force(false);
            activeSizeBytes = sizeBefore;
        } catch (IOException e) {
            broken = new IOException("the journal could not undo a failed write; it refuses appends until restarted", e);
            LOG.error(broken.getMessage(), e);
        }
    }

    private void rollSegment() throws IOException {
        active.close();
        openNewSegment(next);
    }

    private void openNewSegment(long base) throws IOException {
        Path file = folder.resolve(String.format("segment-%020d.log", base));
        active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        active.truncate(0);
        activeSizeBytes = 0;
        Folders.force(folder);
        segments.put(base, file);
    }

    /** Deletes every segment (but the active one) whose entries all lie below {@code acknowledgedBelow}. */
    private void deleteSegmentsBelow(long acknowledgedBelow) throws IOException {
        for (var segment : segments.headMap(segments.lastKey(), false).entrySet()) {
            Long following = segments.higherKey(segment.getKey());
            if (following != null && following <= acknowledgedBelow) {
                Files.deleteIfExists(segment.getValue());
                segments.remove(segment.getKey());
            }
        }
    }

    private List<PendingAppend> drain() {
        List<PendingAppend> left = new ArrayList<>();
        pending.drainTo(left);
        return left;
    }

    private static void failAll(List<PendingAppend> appends, Throwable failure) {
        appends.forEach(append -> append.done().completeExceptionally(failure));
    }

    private record PendingAppend(ByteBuffer entry, CompletableFuture<Long> done) {
    }
}
