package dev.tollgate.ledger.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** One row of the append-only log. Inserted, never updated (the database refuses it anyway). */
@Entity
@Table(name = "ledger_event")
public class LedgerEventEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public long sequence;

    @Column(nullable = false)
    public String type;

    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    @Column(name = "amount_micros", nullable = false)
    public long amountMicros;

    @Column(name = "balance_after_micros", nullable = false)
    public long balanceAfterMicros;

    @Column(nullable = false)
    public String currency;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", insertable = false, updatable = false)
    public Instant recordedAt;

    @Column(name = "causation_id")
    public String causationId;

    @Column(name = "correlation_id")
    public String correlationId;

    /** The published event (envelope JSON), stored as jsonb. Bound as text first: the reactive driver would encode a String bound to jsonb as a JSON string literal. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "envelope::text", write = "cast(cast(? as text) as jsonb)")
    public String envelope;
}
