package dev.tollgate.router.journal;

/** An entry that must be whole (it was forced to disk and acknowledged to a client) fails its length or CRC check. */
public class CorruptJournalException extends RuntimeException {

    public CorruptJournalException(String message) {
        super(message);
    }
}
