package dev.tollgate.ledger.application;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.LockMode;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.domain.AccountState;
import dev.tollgate.ledger.persistence.AccountBalanceEntity;
import dev.tollgate.ledger.persistence.LedgerEventEntity;
import io.smallrye.mutiny.Uni;

/**
 * Appends entries to the log and updates the balance projection in one transaction.
 *
 * <p>Concurrency: the account's projection row is locked ({@code FOR UPDATE}) for the transaction,
 * so appends to one account are serial; the unique (account, sequence) and per-cause constraints
 * are the backstop. A transaction that loses a race retries and then sees the cause as applied.
 */
@ApplicationScoped
public class LedgerAppender {

    private static final Logger LOG = Logger.getLogger(LedgerAppender.class);

    private final Mutiny.SessionFactory sessions;
    private final String currency;

    public LedgerAppender(Mutiny.SessionFactory sessions, @ConfigProperty(name = "tollgate.ledger.currency") String currency) {
        this.sessions = sessions;
        this.currency = currency;
    }

    /**
     * Appends what {@code decision} decides for the account's current state, unless {@code cause}
     * was applied before. Emits the appended entries (empty when the cause was a duplicate).
     */
    public Uni<List<LedgerEvent>> append(Cause cause, Function<AccountState, List<LedgerEvent>> decision) {
        return sessions.withTransaction((session, transaction) -> isApplied(session, cause)
                        .chain(applied -> applied ? Uni.createFrom().item(List.<LedgerEvent>of()) : appendNew(session, cause, decision)))
                .onFailure(LedgerAppender::lostARace).retry().atMost(3);
    }

    private Uni<Boolean> isApplied(Mutiny.Session session, Cause cause) {
        return session.createSelectionQuery(
                        "select count(e) from LedgerEventEntity e where e.causationId = :cause and e.type <> 'AccountOpened'", Long.class)
                .setParameter("cause", cause.causationId())
                .getSingleResult()
                .map(count -> count > 0);
    }

    private Uni<List<LedgerEvent>> appendNew(Mutiny.Session session, Cause cause, Function<AccountState, List<LedgerEvent>> decision) {
        return session.find(AccountBalanceEntity.class, cause.accountId(), LockMode.PESSIMISTIC_WRITE)
                .chain(projection -> {
                    AccountState state = projection == null
                            ? AccountState.unopened(cause.accountId(), currency)
                            : new AccountState(cause.accountId(), Money.ofMicros(projection.balanceMicros, projection.currency), projection.lastSequence);
                    List<LedgerEvent> entries = decision.apply(state);
                    AccountState after = state;
                    for (LedgerEvent entry : entries) {
                        after = after.evolve(entry);
                    }
                    AccountBalanceEntity updated = projection == null ? new AccountBalanceEntity() : projection;
                    updated.accountId = cause.accountId();
                    updated.currency = after.balance().currency();
                    updated.balanceMicros = after.balance().amountMicros();
                    updated.lastSequence = after.lastSequence();
                    updated.updatedAt = Instant.now();
                    List<LedgerEventEntity> rows = entries.stream().map(entry -> row(cause, entry)).toList();
                    Uni<Void> writeProjection = projection == null ? session.persist(updated) : Uni.createFrom().voidItem();
                    return session.persistAll(rows.toArray())
                            .chain(() -> writeProjection)
                            .chain(session::flush)
                            .replaceWith(entries);
                });
    }

    private static LedgerEventEntity row(Cause cause, LedgerEvent entry) {
        EventEnvelope<LedgerEvent> envelope = EventEnvelope.wrap(entryId(cause, entry), cause.accountId(), cause.occurredAt(),
                cause.causationId(), cause.correlationId(), entry);
        LedgerEventEntity row = new LedgerEventEntity();
        row.eventId = envelope.eventId();
        row.accountId = envelope.accountId();
        row.sequence = entry.sequence();
        row.type = envelope.type();
        row.schemaVersion = envelope.schemaVersion();
        row.amountMicros = entry.amount().amountMicros();
        row.balanceAfterMicros = entry.balanceAfter().amountMicros();
        row.currency = entry.amount().currency();
        row.occurredAt = envelope.occurredAt();
        row.causationId = envelope.causationId();
        row.correlationId = envelope.correlationId();
        row.envelope = EventCodec.encode(envelope);
        return row;
    }

    /** Deterministic ids: the same cause always yields the same entry ids. */
    private static UUID entryId(Cause cause, LedgerEvent entry) {
        String name = entry instanceof AccountOpened
                ? "AccountOpened:" + cause.accountId()
                : entry.getClass().getSimpleName() + ":" + cause.causationId();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean lostARace(Throwable failure) {
        boolean race = failure instanceof ConstraintViolationException
                || (failure.getCause() != null && failure.getCause() instanceof ConstraintViolationException);
        if (race) {
            LOG.debugf("append lost a race, retrying: %s", failure.getMessage());
        }
        return race;
    }
}
