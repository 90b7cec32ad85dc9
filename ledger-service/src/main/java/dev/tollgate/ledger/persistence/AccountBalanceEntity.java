package dev.tollgate.ledger.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Projection of the log: the balance of an account after its last entry. */
@Entity
@Table(name = "account_balance")
public class AccountBalanceEntity {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(nullable = false)
    public String currency;

    @Column(name = "balance_micros", nullable = false)
    public long balanceMicros;

    @Column(name = "last_sequence", nullable = false)
    public long lastSequence;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Sequence of the account's {@code AccountClosed} entry; null while the account is open. */
    @Column(name = "closed_sequence")
    public Long closedSequence;
}
