package dev.tollgate.router.journal;

/**
 * One journalled record: its position (a sequence number, 0, 1, 2 ... over the journal's whole life)
 * and the exact key and value bytes that go to Kafka, so a resent record is byte-identical.
 */
public record JournalEntry(long position, byte[] key, byte[] value) {
}
