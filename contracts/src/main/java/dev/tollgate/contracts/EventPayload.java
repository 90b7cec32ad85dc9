package dev.tollgate.contracts;

/**
 * The body of an event, carried in an {@link EventEnvelope}. Each permitted record is one event
 * type, named in the past tense; {@link EventType} gives its wire name, version and topic.
 */
public sealed interface EventPayload
        permits UsageRecorded, UsagePriced, CreditsPurchased, CreditsRefunded, DisputeWon, LedgerEvent,
        PlatformFeeChangeScheduled {
}
