package dev.tollgate.ledger.persistence;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.domain.Hold;
import dev.tollgate.ledger.domain.HoldStatus;

/** Current state of one hold (derived from its log entries, written in the same transaction). */
@Entity
@Table(name = "account_hold")
public class AccountHoldEntity {

    @Id
    @Column(name = "hold_id")
    public String holdId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(nullable = false)
    public String currency;

    @Column(name = "held_micros", nullable = false)
    public long heldMicros;

    @Column(name = "reserved_micros", nullable = false)
    public long reservedMicros;

    @Column(name = "captured_micros")
    public Long capturedMicros;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public boolean charged;

    /** {@code request} or {@code grant} ({@link HoldKind}). */
    @Column(nullable = false)
    public String kind = "request";

    /** What the charges naming this hold have debited so far (a grant is drawn down by each). */
    @Column(name = "charged_micros", nullable = false)
    public long chargedMicros;

    @Column(name = "placed_at", nullable = false)
    public Instant placedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    public Hold toHold() {
        return new Hold(holdId, accountId, requestId, Money.ofMicros(heldMicros, currency), Money.ofMicros(reservedMicros, currency),
                capturedMicros == null ? null : Money.ofMicros(capturedMicros, currency), HoldStatus.ofColumnValue(status), charged, expiresAt,
                kindOf(kind), Money.ofMicros(chargedMicros, currency));
    }

    /** The value stored in {@code account_hold.kind}. */
    public static String columnValue(HoldKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static HoldKind kindOf(String column) {
        return HoldKind.valueOf(column.toUpperCase(Locale.ROOT));
    }
}
