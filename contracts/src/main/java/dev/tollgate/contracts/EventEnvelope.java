package dev.tollgate.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every Tollgate event travels in.
 *
 * @param eventId       unique id of this event, the key consumers deduplicate on
 * @param type          wire name of the payload type, e.g. {@code UsageRecorded}
 * @param schemaVersion version of that type's contract
 * @param accountId     the account concerned; also the Kafka record key, so one account's events stay in order
 * @param occurredAt    when the thing happened (not when it was published)
 * @param causationId   id of the event (or external fact) that caused this one, if any
 * @param correlationId id of the originating request, carried along the whole flow, if any
 * @param payload       the event itself
 */
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        String accountId,
        Instant occurredAt,
        String causationId,
        String correlationId,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        EventType expected = EventType.of(payload);
        if (!expected.wireName().equals(type) || expected.schemaVersion() != schemaVersion) {
            throw new IllegalArgumentException("payload " + payload.getClass().getSimpleName()
                    + " does not match type " + type + " v" + schemaVersion);
        }
    }

    /** A new envelope for {@code payload}, with type and version taken from the payload's {@link EventType}. */
    public static <P extends EventPayload> EventEnvelope<P> wrap(UUID eventId, String accountId, Instant occurredAt,
                                                                 String causationId, String correlationId, P payload) {
        EventType type = EventType.of(payload);
        return new EventEnvelope<>(eventId, type.wireName(), type.schemaVersion(), accountId, occurredAt,
                causationId, correlationId, payload);
    }
}
