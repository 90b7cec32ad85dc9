package dev.tollgate.router.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a journal's entries in order from a position on, across segments, never beyond what is on
 * disk. One reader per thread.
 */
public final class JournalReader implements AutoCloseable {

    private final Journal journal;
    private long position;
    private long segmentBase = -1;
    private FileChannel segment;
    private long offset;

    JournalReader(Journal journal, long position) {
        this.journal = journal;
        this.position = position;
    }

    /** The position of the next entry this reader returns. */
    public long position() {
        return position;
    }

    /** Up to {@code max} entries from the current position that are on disk; empty when there are none yet. */
    public List<JournalEntry> read(int max) {
        List<JournalEntry> entries = new ArrayList<>();
        long durable = journal.durablePosition();
        try {
            while (entries.size() < max && position < durable) {
                positionSegment();
                EntryFormat.Decoded decoded = EntryFormat.read(segment, offset, segment.size(), position);
                if (decoded == null) {
                    throw new CorruptJournalException("journal entry " + position + " (segment " + segmentBase
                            + ", offset " + offset + ") is on disk but not whole");
                }
                entries.add(decoded.entry());
                offset += decoded.sizeBytes();
                position++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal at position " + position, e);
        }
        return entries;
    }

    /** Opens the segment holding {@link #position} when the current one does not. */
    private void positionSegment() throws IOException {
        Long following = segmentBase < 0 ? null : journal.segments().higherKey(segmentBase);
        boolean inCurrent = segment != null && (following == null || position < following);
        if (inCurrent) {
            return;
        }
        close();
        Map.Entry<Long, Path> holding = journal.segments().floorEntry(position);
        if (holding == null) {
            throw new CorruptJournalException("no journal segment holds position " + position);
        }
        segmentBase = holding.getKey();
        segment = FileChannel.open(holding.getValue(), StandardOpenOption.READ);
        offset = 0;
        for (long skipped = segmentBase; skipped < position; skipped++) {
            offset += EntryFormat.sizeAt(segment, offset);
        }
    }

    @Override
    public void close() {
        if (segment != null) {
            try {
                segment.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
            segment = null;
        }
    }
}
