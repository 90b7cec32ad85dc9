package dev.tollgate.ledger.application;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.LockMode;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.ledger.domain.AccountState;
import dev.tollgate.ledger.domain.HoldDecisions;
import dev.tollgate.ledger.persistence.AccountHoldEntity;
import dev.tollgate.ledger.persistence.AccountBalanceEntity;
import dev.tollgate.ledger.persistence.LedgerEventEntity;
import dev.tollgate.ledger.observability.LedgerMetrics;
import io.micrometer.core.annotation.Timed;
import io.smallrye.mutiny.Uni;

/**
 * Appends entries to the log and updates the balance projection in one transaction.
 *
 * <p>Concurrency: the account's projection row is locked ({@code FOR UPDATE}) for the transaction,
 * so appends to one account are serial; the unique (account, sequence) constraint is the backstop.
 * A transaction that loses a race (two first entries of a new account) retries.
 *
 * <p>Once per cause: a cause with a consumer is first recorded in the inbox ({@code ledger_inbox});
 * when that row already exists the cause was applied and nothing is appended.
 */
@ApplicationScoped
public class LedgerAppender {

    private static final Logger LOG = Logger.getLogger(LedgerAppender.class);

    private final Mutiny.SessionFactory sessions;
    private final String currency;

    @Inject
    LedgerMetrics metrics;

    public LedgerAppender(Mutiny.SessionFactory sessions, @ConfigProperty(name = "tollgate.ledger.currency") String currency) {
        this.sessions = sessions;
        this.currency = currency;
    }

    /** An account's stream, locked for the rest of the transaction. */
    public record LockedAccount(AccountBalanceEntity projection, AccountState state) {
    }

    /**
     * Appends what {@code decision} decides for the account's current state, unless {@code cause}
     * was applied before. Emits the appended entries (empty when the cause was a duplicate).
     */
    @Timed(value = "tollgate.ledger.append", description = "Appends of incoming events: inbox, lock, entries, projection, commit",
            histogram = true)
    public Uni<List<LedgerEvent>> append(Cause cause, Function<AccountState, List<LedgerEvent>> decision) {
        return sessions.withTransaction((session, transaction) -> recordInInbox(session, cause)
                        .chain(firstTime -> firstTime
                                ? lockAccount(session, cause.accountId())
                                        .chain(account -> write(session, account, cause, decision.apply(account.state())))
                                : Uni.createFrom().item(List.<LedgerEvent>of())))
                .onFailure(LedgerAppender::lostARace).retry().atMost(3);
    }

    /** A decision that also reads more of the account's data under its lock (e.g. what its holds reserve). */
    @FunctionalInterface
    public interface ReadingDecision {
        Uni<List<LedgerEvent>> decide(Mutiny.Session session, AccountState state);
    }

    /**
     * Like {@link #append}, for a decision that reads more than the account's state, in the same transaction
     * and under the account's lock, so what it read cannot change before the entries are written.
     */
    public Uni<List<LedgerEvent>> appendReading(Cause cause, ReadingDecision decision) {
        return sessions.withTransaction((session, transaction) -> recordInInbox(session, cause)
                        .chain(firstTime -> firstTime
                                ? lockAccount(session, cause.accountId())
                                        .chain(account -> decision.decide(session, account.state())
                                                .chain(entries -> write(session, account, cause, entries)))
                                : Uni.createFrom().item(List.<LedgerEvent>of())))
                .onFailure(LedgerAppender::lostARace).retry().atMost(3);
    }

    /**
     * Inserts the cause into its consumer's inbox; false when it is there already (applied before).
     * A concurrent transaction inserting the same key makes this one wait for its outcome.
     */
    private Uni<Boolean> recordInInbox(Mutiny.Session session, Cause cause) {
        if (cause.consumer() == null) {
            throw new IllegalArgumentException("a cause appended through the inbox needs a consumer: " + cause);
        }
        return session.createNativeQuery("insert into ledger_inbox (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                .setParameter("consumer", cause.consumer())
                .setParameter("eventId", cause.causationId())
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    /** Locks the account's stream (its projection row) for this transaction and reads its state. */
    public Uni<LockedAccount> lockAccount(Mutiny.Session session, String accountId) {
        return session.find(AccountBalanceEntity.class, accountId, LockMode.PESSIMISTIC_WRITE)
                .map(projection -> new LockedAccount(projection, projection == null
                        ? AccountState.unopened(accountId, currency)
                        : new AccountState(accountId, Money.ofMicros(projection.balanceMicros, projection.currency), projection.lastSequence,
                                projection.closedSequence != null)));
    }

    /**
     * Writes {@code entries} (decided on {@code account}'s state, which the caller locked) to the log
     * and the balance projection, and settles the hold of every request charged or refund debited here.
     */
    public Uni<List<LedgerEvent>> write(Mutiny.Session session, LockedAccount account, Cause cause, List<LedgerEvent> entries) {
        AccountState after = account.state();
        for (LedgerEvent entry : entries) {
            after = after.evolve(entry);
        }
        AccountBalanceEntity projection = account.projection();
        AccountBalanceEntity updated = projection == null ? new AccountBalanceEntity() : projection;
        updated.accountId = cause.accountId();
        updated.currency = after.balance().currency();
        updated.balanceMicros = after.balance().amountMicros();
        updated.lastSequence = after.lastSequence();
        updated.updatedAt = Instant.now();
        entries.stream().filter(AccountClosed.class::isInstance).findFirst().ifPresent(closed -> updated.closedSequence = closed.sequence());
        List<LedgerEventEntity> rows = entries.stream().map(entry -> row(cause, entry)).toList();
        Uni<Void> writeProjection = projection == null ? session.persist(updated) : Uni.createFrom().voidItem();
        Uni<Void> settleHolds = Uni.createFrom().voidItem();
        for (LedgerEvent entry : entries) {
            if (entry instanceof UsageCharged charged) {
                settleHolds = settleHolds.chain(() -> charged.holdId() == null
                        ? settleHoldOf(session, cause.accountId(), charged.requestId(), charged.amount().negate())
                        : settleHoldNamedBy(session, cause.accountId(), charged));
            }
            // a refund holds the credits first (request id = refund id); its debit settles that hold like a charge
            if (entry instanceof RefundDebited refunded) {
                settleHolds = settleHolds.chain(() -> settleHoldOf(session, cause.accountId(), refunded.refundId(), refunded.amount().negate()));
            }
        }
        Uni<Void> settled = settleHolds;
        return session.persistAll(rows.toArray())
                .chain(() -> writeProjection)
                .chain(session::flush)
                .invoke(() -> metrics.appended(entries))
                .chain(() -> settled)
                .replaceWith(entries);
    }

    /**
     * The request's charge is now in the balance, so its hold stops reserving anything: otherwise the
     * cost would count twice against the available balance (once charged, once held).
     */
    private static Uni<Void> settleHoldOf(Mutiny.Session session, String accountId, String requestId, Money charge) {
        return session.createNativeQuery("update account_hold set reserved_micros = 0, charged = true, "
                        + "charged_micros = charged_micros + :chargeMicros "
                        + "where account_id = :accountId and request_id = :requestId and kind = 'request'")
                .setParameter("chargeMicros", charge.amountMicros())
                .setParameter("accountId", accountId)
                .setParameter("requestId", requestId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * The charge names the hold that paid for it (the router's grant, or a request hold): that hold's reservation
     * is settled by the charge ({@link HoldDecisions#reservedAfterCharge}: a grant is drawn down by it, a request
     * hold stops reserving). A charge naming a hold this ledger does not know for the account settles the hold of
     * its request id, as a charge without a hold id does.
     */
    private static Uni<Void> settleHoldNamedBy(Mutiny.Session session, String accountId, UsageCharged charged) {
        return session.find(AccountHoldEntity.class, charged.holdId()).chain(hold -> {
            if (hold == null || !hold.accountId.equals(accountId)) {
                return settleHoldOf(session, accountId, charged.requestId(), charged.amount().negate());
            }
            Money charge = charged.amount().negate();
            hold.reservedMicros = HoldDecisions.reservedAfterCharge(hold.toHold(), charge).amountMicros();
            hold.chargedMicros += charge.amountMicros();
            hold.charged = true;
            return session.flush();
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

    /** A unique constraint refused a write that a concurrent transaction made first: try again. */
    static boolean lostARace(Throwable failure) {
        boolean race = failure instanceof ConstraintViolationException
                || (failure.getCause() != null && failure.getCause() instanceof ConstraintViolationException);
        if (race) {
            LOG.debugf("append lost a race, retrying: %s", failure.getMessage());
        }
        return race;
    }
}
