package dev.tollgate.router.billing;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tollgate.contracts.Money;

import io.smallrye.mutiny.Uni;

/**
 * Pays for one request before its upstream call: its worst case reserved on the account's available balance
 * (through {@link LedgerHolds}: from this instance's grant, see {@link GrantLeases}), settled once when the
 * request ends.
 *
 * <p>Fallback: the request may go to several candidates in turn, and whichever answers must be
 * covered by the hold. So the hold asks first for the largest worst case over every candidate; if the
 * ledger refuses that, it asks for the first candidate's worst case alone, and the fallbacks are then
 * limited to candidates whose worst case fits in what was held ({@link #coveredCandidates()}). One hold
 * per request, never a re-hold in the middle of a request, and never an upstream call the hold does
 * not cover (so no overdraft).
 *
 * <p>Settlement: {@link #capture} with the actual cost when something is billable, {@link #release}
 * otherwise; only the first settlement of a request reaches the ledger.
 */
public final class RequestPayment {

    private final LedgerHolds ledger;
    private final String holdId;
    private final Money held;
    private final List<PricedCandidate> covered;
    private final HoldAnswer placed;
    private final AtomicBoolean settled = new AtomicBoolean();

    private RequestPayment(LedgerHolds ledger, String holdId, Money held, List<PricedCandidate> covered, HoldAnswer placed) {
        this.ledger = ledger;
        this.holdId = holdId;
        this.held = held;
        this.covered = covered;
        this.placed = placed;
    }

    /** The hold id of a request: one hold per request, so a retried placement is a no-op at the ledger. */
    public static String holdIdOf(String requestId) {
        return "hold_" + requestId;
    }

    /**
     * Places the request's hold, or fails with {@link InsufficientCreditsException} (nothing held) or
     * {@link LedgerUnavailableException}.
     *
     * @param candidates in order of preference; not empty, all in one currency
     */
    public static Uni<RequestPayment> authorise(LedgerHolds ledger, String accountId, String requestId,
                                                List<PricedCandidate> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one candidate to pay for");
        }
        String holdId = holdIdOf(requestId);
        Money first = candidates.get(0).worstCase();
        Money largest = candidates.stream().map(PricedCandidate::worstCase)
                .max(Comparator.comparingLong(Money::amountMicros)).orElseThrow();
        Uni<HoldAnswer> hold = ledger.place(accountId, holdId, requestId, largest.amountMicros(), largest.currency());
        if (largest.amountMicros() > first.amountMicros()) {
            // the ledger wrote nothing when it refused, so the same hold id can ask again for less
            hold = hold.onFailure(InsufficientCreditsException.class)
                    .recoverWithUni(() -> ledger.place(accountId, holdId, requestId, first.amountMicros(), first.currency()));
        }
        return hold.map(answer -> {
            Money held = Money.ofMicros(answer.heldMicros(), first.currency());
            List<PricedCandidate> covered = candidates.stream()
                    .filter(candidate -> candidate.worstCase().amountMicros() <= held.amountMicros())
                    .toList();
            if (covered.isEmpty() || covered.get(0) != candidates.get(0)) {
                throw new IllegalStateException("the ledger held " + held + " for " + holdId + ", less than the first candidate's worst case " + first);
            }
            return new RequestPayment(ledger, holdId, held, covered, answer);
        });
    }

    /** The request's own hold id: the key of its reservation for {@link #capture} and {@link #release}. */
    public String holdId() {
        return holdId;
    }

    /**
     * The ledger hold that pays for the request: the grant its worst case was reserved from (or the request's own
     * hold). The usage record names it, so the ledger settles it with the request's charge.
     */
    public String paidBy() {
        return placed.holdId();
    }

    public Money held() {
        return held;
    }

    /** The candidates the hold covers, in order of preference; the first is always the preferred one. */
    public List<PricedCandidate> coveredCandidates() {
        return covered;
    }

    /** The answer to the placement: the hold that pays, what was reserved, and the balance figures known then. */
    public HoldAnswer placed() {
        return placed;
    }

    /**
     * Tells the ledger what the request cost. The ledger caps a capture at the hold; the cost can
     * only exceed the hold if the upstream produced more than max_tokens, and metering charges the
     * exact cost anyway.
     *
     * @return the ledger's answer, or {@code null} if the request was already settled
     */
    public Uni<HoldAnswer> capture(Money actualCost) {
        if (actualCost.isNegative()) {
            throw new IllegalArgumentException("a cost cannot be negative: " + actualCost);
        }
        if (!settled.compareAndSet(false, true)) {
            return Uni.createFrom().nullItem();
        }
        return ledger.capture(holdId, actualCost.amountMicros());
    }

    /** Nothing billable happened: the hold goes back. {@code null} if the request was already settled. */
    public Uni<HoldAnswer> release() {
        if (!settled.compareAndSet(false, true)) {
            return Uni.createFrom().nullItem();
        }
        return ledger.release(holdId);
    }

    public boolean isSettled() {
        return settled.get();
    }
}
