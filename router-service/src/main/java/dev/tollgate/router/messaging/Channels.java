package dev.tollgate.router.messaging;

/** Channel names shared by code and configuration; application.properties maps each to its topic. */
public final class Channels {

    /** Out: {@code UsageRecorded} to {@link dev.tollgate.contracts.Topics#USAGE_RECORDED}. */
    public static final String USAGE_RECORDED = "usage-recorded";

    /** In: ledger entries from {@link dev.tollgate.contracts.Topics#LEDGER_EVENTS}. */
    public static final String LEDGER_EVENTS = "ledger-events";

    private Channels() {
    }
}
