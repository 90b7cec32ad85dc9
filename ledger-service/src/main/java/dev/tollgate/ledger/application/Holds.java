package dev.tollgate.ledger.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.domain.Hold;
import dev.tollgate.ledger.domain.HoldDecisions;
import dev.tollgate.ledger.domain.HoldRefused;
import dev.tollgate.ledger.domain.HoldStatus;
import dev.tollgate.ledger.domain.PlaceHold;
import dev.tollgate.ledger.persistence.AccountHoldEntity;
import io.smallrye.mutiny.Uni;

/**
 * Holds (authorise, then capture) and grants (holds leased to a router instance for one account, drawn
 * down by the charges that name them; see {@link HoldDecisions}), one database transaction per command. Each command locks the
 * account's stream first (the same lock every append takes), so hold checks and charges of one
 * account are serial and the available balance it checks cannot change underneath it.
 *
 * <p>Idempotency by the client-chosen hold id: placing a hold that exists, or repeating the capture
 * or release that already happened, answers the hold as it is and appends nothing. A command that
 * contradicts the hold's state (capture after release, same id with other terms) is a conflict.
 */
@ApplicationScoped
public class Holds {

    private final Mutiny.SessionFactory sessions;
    private final LedgerAppender appender;

    public Holds(Mutiny.SessionFactory sessions, LedgerAppender appender) {
        this.sessions = sessions;
        this.appender = appender;
    }

    /**
     * A hold after a command, with the account's balance and what it can still spend.
     *
     * @param lastSequence the sequence of the account's last log entry these figures include
     * @param changed      false when the command had been applied before (nothing appended this time)
     */
    public record HoldResult(Hold hold, Money balance, Money available, long lastSequence, boolean changed) {
    }

    public Uni<HoldResult> place(PlaceHold command) {
        return sessions.withTransaction((session, transaction) -> session.find(AccountHoldEntity.class, command.holdId())
                        .chain(existing -> existing != null
                                ? samePlacement(existing, command).chain(() -> figures(session, existing, false))
                                : placeNew(session, command)))
                .onFailure(LedgerAppender::lostARace).retry().atMost(3);
    }

    private Uni<HoldResult> placeNew(Mutiny.Session session, PlaceHold command) {
        return appender.lockAccount(session, command.accountId())
                .chain(account -> reservedByHolds(session, command.accountId(), command.amount().currency())
                        .chain(reserved -> {
                            HoldPlaced placed = HoldDecisions.place(account.state(), reserved, command);
                            AccountHoldEntity row = new AccountHoldEntity();
                            row.holdId = command.holdId();
                            row.accountId = command.accountId();
                            row.requestId = command.requestId();
                            row.currency = command.amount().currency();
                            row.heldMicros = command.amount().amountMicros();
                            row.reservedMicros = command.amount().amountMicros();
                            row.status = HoldStatus.OPEN.columnValue();
                            row.kind = AccountHoldEntity.columnValue(command.kind());
                            row.placedAt = Instant.now();
                            row.expiresAt = command.expiresAt();
                            Money available = account.state().balance().minus(reserved).minus(command.amount());
                            return session.persist(row)
                                    .chain(() -> appender.write(session, account, causeOf(row), List.of(placed)))
                                    .replaceWith(new HoldResult(row.toHold(), account.state().balance(), available,
                                            placed.sequence(), true));
                        }));
    }

    private static Uni<Void> samePlacement(AccountHoldEntity existing, PlaceHold command) {
        boolean same = existing.accountId.equals(command.accountId()) && existing.requestId.equals(command.requestId())
                && existing.heldMicros == command.amount().amountMicros() && existing.currency.equals(command.amount().currency())
                && existing.kind.equals(AccountHoldEntity.columnValue(command.kind()));
        return same ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new HoldRefused.Conflict("hold " + command.holdId() + " exists with other terms"));
    }

    /**
     * Captures with the actual cost (a grant: with the total its router used on it); capturing again with the
     * same cost answers the captured hold.
     */
    public Uni<HoldResult> capture(String holdId, long actualCostMicros) {
        return changeLocked(holdId, (session, account, hold) -> {
            Money actualCost = Money.ofMicros(actualCostMicros, hold.currency);
            if (HoldStatus.CAPTURED.columnValue().equals(hold.status)) {
                long wouldCapture = Math.min(actualCostMicros, hold.heldMicros);
                if (hold.capturedMicros != null && hold.capturedMicros == wouldCapture) {
                    return null; // repeated capture
                }
                throw new HoldRefused.Conflict("hold " + holdId + " was captured with " + hold.capturedMicros + " micro-units");
            }
            Hold before = hold.toHold();
            HoldCaptured captured = HoldDecisions.capture(account.state(), before, actualCost);
            hold.status = HoldStatus.CAPTURED.columnValue();
            hold.capturedMicros = captured.captured().amountMicros();
            // what is charged already is in the balance: only the rest stays reserved
            hold.reservedMicros = HoldDecisions.reservedAfterCapture(before, captured.captured()).amountMicros();
            hold.closedAt = Instant.now();
            return captured;
        });
    }

    /** Releases an open hold; releasing again answers the released hold. */
    public Uni<HoldResult> release(String holdId) {
        return changeLocked(holdId, (session, account, hold) -> {
            if (HoldStatus.RELEASED.columnValue().equals(hold.status)) {
                return null; // repeated release
            }
            HoldReleased released = HoldDecisions.release(account.state(), hold.toHold());
            close(hold, HoldStatus.RELEASED);
            return released;
        });
    }

    /** Expires the hold if it is still open and due; otherwise changes nothing. */
    public Uni<HoldResult> expireIfDue(String holdId, Instant now) {
        return changeLocked(holdId, (session, account, hold) -> {
            HoldExpired expired = HoldDecisions.expireIfDue(account.state(), hold.toHold(), now);
            if (expired != null) {
                close(hold, HoldStatus.EXPIRED);
            }
            return expired;
        });
    }

    /** Ids of open holds whose time is up, oldest first. */
    public Uni<List<String>> dueForExpiry(Instant now, int limit) {
        return sessions.withSession(session -> session.createSelectionQuery(
                        "select h.holdId from AccountHoldEntity h where h.status = 'open' and h.expiresAt <= :now order by h.expiresAt",
                        String.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList());
    }

    public Uni<HoldResult> find(String holdId) {
        return sessions.withSession(session -> session.find(AccountHoldEntity.class, holdId)
                .chain(hold -> hold == null ? Uni.createFrom().nullItem() : figures(session, hold, false)));
    }

    /** A change of one hold: returns the entry to append, or null when there is nothing to do. */
    @FunctionalInterface
    private interface HoldChange {
        dev.tollgate.contracts.LedgerEvent apply(Mutiny.Session session, LedgerAppender.LockedAccount account, AccountHoldEntity hold);
    }

    /**
     * Finds the hold's account, locks its stream, then reads the hold under that lock (so no other
     * command changes it meanwhile), applies the change and appends its entry.
     */
    private Uni<HoldResult> changeLocked(String holdId, HoldChange change) {
        return sessions.withTransaction((session, transaction) -> session.createSelectionQuery(
                        "select h.accountId from AccountHoldEntity h where h.holdId = :holdId", String.class)
                .setParameter("holdId", holdId)
                .getSingleResultOrNull()
                .onItem().ifNull().failWith(() -> new HoldNotFound(holdId))
                .chain(accountId -> appender.lockAccount(session, accountId)
                        .chain(account -> session.find(AccountHoldEntity.class, holdId)
                                .chain(hold -> {
                                    var entry = change.apply(session, account, hold);
                                    if (entry == null) {
                                        return figures(session, hold, false);
                                    }
                                    return appender.write(session, account, causeOf(hold), List.of(entry))
                                            .chain(() -> figures(session, hold, true));
                                }))));
    }

    private Uni<HoldResult> figures(Mutiny.Session session, AccountHoldEntity hold, boolean changed) {
        return session.flush()
                .chain(() -> session.createSelectionQuery(
                                "select b.balanceMicros, b.lastSequence from AccountBalanceEntity b where b.accountId = :accountId",
                                Object[].class)
                        .setParameter("accountId", hold.accountId)
                        .getSingleResultOrNull())
                .chain(figures -> reservedByHolds(session, hold.accountId, hold.currency)
                        .map(reserved -> {
                            long balanceMicros = figures == null ? 0 : (Long) figures[0];
                            long lastSequence = figures == null ? 0 : (Long) figures[1];
                            Money balance = Money.ofMicros(balanceMicros, hold.currency);
                            return new HoldResult(hold.toHold(), balance, balance.minus(reserved), lastSequence, changed);
                        }));
    }

    private static Uni<Money> reservedByHolds(Mutiny.Session session, String accountId, String currency) {
        return session.createSelectionQuery(
                        "select coalesce(sum(h.reservedMicros), 0L) from AccountHoldEntity h where h.accountId = :accountId and h.reservedMicros > 0",
                        Long.class)
                .setParameter("accountId", accountId)
                .getSingleResult()
                .map(micros -> Money.ofMicros(micros, currency));
    }

    private static void close(AccountHoldEntity hold, HoldStatus status) {
        hold.status = status.columnValue();
        hold.reservedMicros = 0;
        hold.closedAt = Instant.now();
    }

    /** Hold entries are caused by the hold (its id); the request id correlates them with the request's charge. */
    private static Cause causeOf(AccountHoldEntity hold) {
        return new Cause(null, hold.accountId, hold.holdId, hold.requestId, Instant.now());
    }

    /** No hold with that id. */
    public static final class HoldNotFound extends RuntimeException {
        public HoldNotFound(String holdId) {
            super("no hold " + holdId);
        }
    }
}
