package dev.tollgate.ledger.messaging;

/** Channel names, shared by code and configuration (see application.properties for their topics). */
public final class Channels {

    public static final String USAGE_PRICED = "usage-priced";
    public static final String PAYMENTS_EVENTS = "payments-events";

    private Channels() {
    }
}
