package dev.tollgate.ledger.messaging;

/** Channel names, shared by code and configuration (see application.properties for their topics). */
public final class Channels {

    public static final String USAGE_PRICED = "usage-priced";
    public static final String PAYMENTS_EVENTS = "payments-events";
    /** The ledger's own published log, followed to keep the balances topic. */
    public static final String LEDGER_EVENTS = "ledger-events";
    /** Balance per account, compacted. */
    public static final String LEDGER_BALANCES = "ledger-balances";

    private Channels() {
    }
}
