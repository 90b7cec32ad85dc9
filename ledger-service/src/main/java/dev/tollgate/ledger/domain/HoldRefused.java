package dev.tollgate.ledger.domain;

import dev.tollgate.contracts.Money;

/** Why a hold command changes nothing. Each kind becomes its own problem response at the API. */
public abstract sealed class HoldRefused extends RuntimeException {

    private HoldRefused(String message) {
        super(message);
    }

    /** The available balance (balance minus what other holds reserve) cannot cover the hold. */
    public static final class InsufficientCredits extends HoldRefused {
        private final Money available;

        public InsufficientCredits(String accountId, Money requested, Money available) {
            super("account " + accountId + " can spend " + available.amountMicros() + " micro-units, the hold needs "
                    + requested.amountMicros());
            this.available = available;
        }

        public Money available() {
            return available;
        }
    }

    /** The hold is no longer open (or was placed with other terms), so this command does not apply to it. */
    public static final class Conflict extends HoldRefused {
        public Conflict(String message) {
            super(message);
        }
    }
}
