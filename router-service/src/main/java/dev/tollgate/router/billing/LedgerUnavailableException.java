package dev.tollgate.router.billing;

/** The ledger did not answer (or answered an error the router cannot act on): nothing can be paid for now. */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
