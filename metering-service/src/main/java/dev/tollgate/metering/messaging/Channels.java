package dev.tollgate.metering.messaging;

/**
 * Names of this service's messaging channels and of the topics only it uses. Each channel's topic,
 * group and serialisers are set in {@code application.properties} under
 * {@code mp.messaging.[incoming|outgoing].<channel>.*}; the shared topics are in {@code dev.tollgate.contracts.Topics}.
 */
public final class Channels {

    /** {@code UsageRecorded} from the router; topic {@code Topics.USAGE_RECORDED}, consumer group {@code metering-service}. */
    public static final String USAGE_RECORDED_IN = "usage-recorded-in";

    /** {@code UsagePriced} to the ledger; topic {@code Topics.USAGE_PRICED}, key = account id. */
    public static final String USAGE_PRICED_OUT = "usage-priced-out";

    /** Outbox events ({@code PlatformFeeChangeScheduled}) to {@code Topics.PLATFORM_FEE_CHANGES}; key = {@code platform}. */
    public static final String PLATFORM_FEE_CHANGES_OUT = "platform-fee-changes-out";

    /** {@code CatalogueEntry} per model to the compacted {@code Topics.PRICE_CATALOGUE}; key = model id. */
    public static final String PRICE_CATALOGUE_OUT = "price-catalogue-out";

    /** {@code UsagePriced} back in, for the usage analytics projection; consumer group {@code metering-service-analytics}. */
    public static final String USAGE_PRICED_IN = "usage-priced-in";

    /** Usage records that can never be priced, to {@link #USAGE_RECORDED_DEAD_LETTER_TOPIC}. */
    public static final String USAGE_RECORDED_DEAD_LETTER_OUT = "usage-recorded-dead-letter-out";

    /** Where this service parks usage records it can never price (undecodable, or no price in force). */
    public static final String USAGE_RECORDED_DEAD_LETTER_TOPIC = "tollgate.usage.recorded.v1.metering-dlq";

    private Channels() {
    }
}
