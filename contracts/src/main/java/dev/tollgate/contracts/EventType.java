package dev.tollgate.contracts;

import java.util.Arrays;
import java.util.Optional;

/** The registry of event types: wire name, contract version, payload class, topic and JSON Schema. */
public enum EventType {
    USAGE_RECORDED("UsageRecorded", 1, UsageRecorded.class, Topics.USAGE_RECORDED),
    USAGE_PRICED("UsagePriced", 1, UsagePriced.class, Topics.USAGE_PRICED),
    CREDITS_PURCHASED("CreditsPurchased", 1, CreditsPurchased.class, Topics.PAYMENTS_EVENTS),
    CREDITS_REFUNDED("CreditsRefunded", 1, CreditsRefunded.class, Topics.PAYMENTS_EVENTS),
    DISPUTE_WON("DisputeWon", 1, DisputeWon.class, Topics.PAYMENTS_EVENTS),
    ACCOUNT_OPENED("AccountOpened", 1, AccountOpened.class, Topics.LEDGER_EVENTS),
    BALANCE_ADJUSTED("BalanceAdjusted", 1, BalanceAdjusted.class, Topics.LEDGER_EVENTS),
    PURCHASE_CREDITED("PurchaseCredited", 1, PurchaseCredited.class, Topics.LEDGER_EVENTS),
    USAGE_CHARGED("UsageCharged", 1, UsageCharged.class, Topics.LEDGER_EVENTS),
    REFUND_DEBITED("RefundDebited", 1, RefundDebited.class, Topics.LEDGER_EVENTS),
    CREDITS_REINSTATED("CreditsReinstated", 1, CreditsReinstated.class, Topics.LEDGER_EVENTS),
    HOLD_PLACED("HoldPlaced", 1, HoldPlaced.class, Topics.LEDGER_EVENTS),
    HOLD_CAPTURED("HoldCaptured", 1, HoldCaptured.class, Topics.LEDGER_EVENTS),
    HOLD_RELEASED("HoldReleased", 1, HoldReleased.class, Topics.LEDGER_EVENTS),
    HOLD_EXPIRED("HoldExpired", 1, HoldExpired.class, Topics.LEDGER_EVENTS),
    ACCOUNT_CLOSED("AccountClosed", 1, AccountClosed.class, Topics.LEDGER_EVENTS),
    PLATFORM_FEE_CHANGE_SCHEDULED("PlatformFeeChangeScheduled", 1, PlatformFeeChangeScheduled.class, Topics.PLATFORM_FEE_CHANGES);

    private final String wireName;
    private final int schemaVersion;
    private final Class<? extends EventPayload> payloadClass;
    private final String topic;

    EventType(String wireName, int schemaVersion, Class<? extends EventPayload> payloadClass, String topic) {
        this.wireName = wireName;
        this.schemaVersion = schemaVersion;
        this.payloadClass = payloadClass;
        this.topic = topic;
    }

    public String wireName() {
        return wireName;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    public String topic() {
        return topic;
    }

    /** Classpath location of this type's JSON Schema (the whole envelope with this payload). */
    public String schemaResource() {
        return "schemas/v" + schemaVersion + "/" + wireName + ".schema.json";
    }

    public static EventType of(EventPayload payload) {
        for (EventType type : values()) {
            if (type.payloadClass == payload.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException("no event type for " + payload.getClass());
    }

    public static Optional<EventType> byWireName(String wireName, int schemaVersion) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(wireName) && type.schemaVersion == schemaVersion)
                .findFirst();
    }
}
