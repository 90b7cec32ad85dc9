package dev.tollgate.contracts;

import java.time.Instant;

/**
 * Credits were reserved for one gateway request before its upstream call (authorise, then capture).
 * A hold moves no money: {@code amount} is zero and {@code balanceAfter} equals the balance before;
 * it only lowers what can still be spent (the available balance: balance minus open holds).
 *
 * @param holdId    chosen by the router; placing the same hold again is a no-op
 * @param requestId the gateway request the hold covers; its {@link UsageCharged} settles the hold
 * @param held      the amount reserved (the request's worst-case cost)
 * @param expiresAt when the ledger releases the hold by itself if the router never captures or releases it
 * @param kind      {@link HoldKind#GRANT} for a grant (credits leased to one router instance for one account, see
 *                  {@link HoldKind}); added after v1 shipped, so optional: absent means a {@link HoldKind#REQUEST} hold.
 *                  For a grant, {@code requestId} is the grant's id (no request of its own).
 */
public record HoldPlaced(long sequence, Money amount, Money balanceAfter, String holdId, String requestId, Money held,
                         Instant expiresAt, HoldKind kind) implements LedgerEvent {

    /** A hold placed before holds had a kind: a request hold. */
    public HoldPlaced(long sequence, Money amount, Money balanceAfter, String holdId, String requestId, Money held,
                      Instant expiresAt) {
        this(sequence, amount, balanceAfter, holdId, requestId, held, expiresAt, null);
    }

    /** The kind, {@link HoldKind#REQUEST} for an entry written without one. */
    public HoldKind kindOrRequest() {
        return kind == null ? HoldKind.REQUEST : kind;
    }
}
