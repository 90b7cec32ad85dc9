package dev.tollgate.router.billing;

/**
 * The ledger answered, but refused the command for the hold's state (409: released, expired or captured with
 * another amount; 404: unknown hold). Repeating the same command cannot succeed, unlike a ledger that did not
 * answer; callers that need to tell the two apart catch this first.
 */
public class HoldConflictException extends LedgerUnavailableException {

    public HoldConflictException(String message) {
        super(message, null);
    }
}
