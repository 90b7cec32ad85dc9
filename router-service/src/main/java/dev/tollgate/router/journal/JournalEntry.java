package dev.tollgate.router.journal;

import java.util.Map;

/**
 * One journalled record: its position (a sequence number, 0, 1, 2 ... over the journal's whole life)
 * and the exact key and value bytes that go to Kafka, so a resent record is byte-identical; {@code headers}
 * are what the record carries besides (the W3C trace context of the request that made it), empty for none.
 */
public record JournalEntry(long position, byte[] key, byte[] value, Map<String, String> headers) {

    public JournalEntry {
        headers = Map.copyOf(headers);
    }

    public JournalEntry(long position, byte[] key, byte[] value) {
        this(position, key, value, Map.of());
    }
}
