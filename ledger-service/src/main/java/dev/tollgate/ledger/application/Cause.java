package dev.tollgate.ledger.application;

import java.time.Instant;

import dev.tollgate.contracts.EventEnvelope;

/**
 * What makes the ledger append: an incoming event (or a person's action), identified by
 * {@code causationId}. The ledger applies each cause once.
 */
public record Cause(String accountId, String causationId, String correlationId, Instant occurredAt) {

    public static Cause of(EventEnvelope<?> incoming, Instant occurredAt) {
        return new Cause(incoming.accountId(), incoming.eventId().toString(), incoming.correlationId(), occurredAt);
    }
}
