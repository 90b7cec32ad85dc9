package dev.tollgate.ledger.application;

import java.time.Instant;

import dev.tollgate.contracts.EventEnvelope;

/**
 * What makes the ledger append: an incoming event (or a person's action), identified by
 * {@code causationId}.
 *
 * @param consumer whose inbox records the cause as applied (so it is applied once); null for hold
 *                 commands, which are idempotent through the hold's own state (see {@code holds})
 */
public record Cause(String consumer, String accountId, String causationId, String correlationId, Instant occurredAt) {

    public static Cause of(String consumer, EventEnvelope<?> incoming, Instant occurredAt) {
        return new Cause(consumer, incoming.accountId(), incoming.eventId().toString(), incoming.correlationId(), occurredAt);
    }
}
