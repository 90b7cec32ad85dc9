package dev.tollgate.contracts;

/**
 * Every Kafka topic Tollgate uses, in one place. Records are keyed by account id, so one account's
 * events keep their order. The version suffix changes only with a breaking contract change.
 */
public final class Topics {

    /** {@link UsageRecorded}, router → metering. */
    public static final String USAGE_RECORDED = "tollgate.usage.recorded.v1";

    /** {@link UsagePriced}, metering → ledger. */
    public static final String USAGE_PRICED = "tollgate.usage.priced.v1";

    /** {@link CreditsPurchased}, {@link CreditsRefunded} and {@link DisputeWon}, payments outbox → (Debezium) → ledger. */
    public static final String PAYMENTS_EVENTS = "tollgate.payments.events.v1";

    /** {@link LedgerEvent}s, the ledger's log → (Debezium) → router and projections. */
    public static final String LEDGER_EVENTS = "tollgate.ledger.events.v1";

    /**
     * {@link LedgerBalance} per account, ledger → router. Compacted: the latest record of an account
     * is its balance, so a router that starts reads one record per account instead of the whole log.
     */
    public static final String LEDGER_BALANCES = "tollgate.ledger.balances.v1";

    /** {@link PlatformFeeChangeScheduled}, metering (outbox) → whoever tells customers. Key: {@code platform}. */
    public static final String PLATFORM_FEE_CHANGES = "tollgate.pricing.fee-changes.v1";

    /**
     * {@link CatalogueEntry} per model, metering → router. Compacted: the latest record of a model is its
     * catalogue entry in force, so a router that starts reads one record per model.
     */
    public static final String PRICE_CATALOGUE = "tollgate.pricing.catalogue.v1";

    private Topics() {
    }
}
