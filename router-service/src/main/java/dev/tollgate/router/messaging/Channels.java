package dev.tollgate.router.messaging;

/** Channel names shared by code and configuration; application.properties maps each to its topic. */
public final class Channels {

    /** Out: {@code UsageRecorded} to {@link dev.tollgate.contracts.Topics#USAGE_RECORDED}. */
    public static final String USAGE_RECORDED = "usage-recorded";

    /** In: {@code LedgerBalance} per account from {@link dev.tollgate.contracts.Topics#LEDGER_BALANCES}. */
    public static final String LEDGER_BALANCES = "ledger-balances";

    private Channels() {
    }
}
