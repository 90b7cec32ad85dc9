package dev.tollgate.ledger.domain;

import dev.tollgate.contracts.Money;

/** Why a command on an account changes nothing because of the account's state. Each kind is its own problem response at the API. */
public abstract sealed class AccountRefused extends RuntimeException {

    private final String accountId;

    private AccountRefused(String accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }

    /** The account has no stream: there is nothing to close. */
    public static final class NotOpened extends AccountRefused {
        public NotOpened(String accountId) {
            super(accountId, "no account " + accountId);
        }
    }

    /** The account is closed, and this command would change it (close it again, adjust it away from zero). */
    public static final class Closed extends AccountRefused {
        public Closed(String accountId, String detail) {
            super(accountId, "account " + accountId + " is closed: " + detail);
        }
    }

    /** The account is closed, so it can pay for nothing: every hold is refused, whatever its balance. */
    public static final class ClosedForSpending extends AccountRefused {
        private final String currency;

        public ClosedForSpending(String accountId, String currency) {
            super(accountId, "account " + accountId + " is closed: it can spend nothing");
            this.currency = currency;
        }

        public String currency() {
            return currency;
        }
    }

    /**
     * Closing needs a settled account: a balance of exactly zero and no hold reserving anything. The figures
     * say what is left: refund or adjust the balance first, and let the holds be charged, released or expire.
     */
    public static final class NotSettled extends AccountRefused {
        private final Money balance;
        private final Money reserved;

        public NotSettled(String accountId, Money balance, Money reserved) {
            super(accountId, "account " + accountId + " cannot be closed yet: " + whatIsLeft(balance, reserved));
            this.balance = balance;
            this.reserved = reserved;
        }

        public Money balance() {
            return balance;
        }

        public Money reserved() {
            return reserved;
        }

        private static String whatIsLeft(Money balance, Money reserved) {
            StringBuilder left = new StringBuilder();
            if (balance.amountMicros() > 0) {
                left.append("its balance is ").append(balance.amountMicros()).append(" micro-units ").append(balance.currency())
                        .append(" (refund the unspent credits or adjust them away first)");
            } else if (balance.isNegative()) {
                left.append("it is overdrawn by ").append(-balance.amountMicros()).append(" micro-units ").append(balance.currency())
                        .append(" (settle or write off the debt with an adjustment first)");
            }
            if (reserved.amountMicros() != 0) {
                left.append(left.isEmpty() ? "" : "; ").append("holds reserve ").append(reserved.amountMicros())
                        .append(" micro-units (wait until their requests are charged or the holds are released or expire)");
            }
            return left.toString();
        }
    }
}
