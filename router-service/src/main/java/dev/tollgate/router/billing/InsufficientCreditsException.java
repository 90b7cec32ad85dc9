package dev.tollgate.router.billing;

import java.util.OptionalLong;

/** The ledger refused a hold: the account's available balance cannot cover the request's worst case. */
public class InsufficientCreditsException extends RuntimeException {

    private final OptionalLong availableMicros;

    public InsufficientCreditsException(String message, OptionalLong availableMicros) {
        super(message);
        this.availableMicros = availableMicros;
    }

    /** What the account could still spend when the ledger refused, if the ledger said so. */
    public OptionalLong availableMicros() {
        return availableMicros;
    }
}
