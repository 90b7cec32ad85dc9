package dev.tollgate.router.billing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.tollgate.contracts.Money;

import io.smallrye.mutiny.Uni;

/**
 * The ledger's rules for grants in a few lines, for testing {@link GrantLeases} without a network: an account with a
 * balance, grants that reserve their size while open and what was used once settled (that part counts as spent),
 * 402 when the available balance cannot cover a grant. Answers come at once, or, with {@link #holdAnswers()}, when
 * the test releases them.
 */
final class FakeGrantLedger implements GrantLedger, LedgerHolds {

    private final long initialBalanceMicros;
    private final Map<String, Long> reservedByGrant = new HashMap<>();
    private final Map<String, Long> heldByGrant = new HashMap<>();
    private long spentMicros;
    private long sequence = 1;
    private boolean holding;
    private int unavailableCalls;
    private final List<CompletableFuture<Void>> held = new ArrayList<>();

    final List<Long> askedSizes = new ArrayList<>();
    final List<String> placements = new ArrayList<>();
    final List<Long> placedSizes = new ArrayList<>();
    final List<String> settlements = new ArrayList<>();

    FakeGrantLedger(long balanceMicros) {
        this.initialBalanceMicros = balanceMicros;
    }

    /** Answers wait until {@link #answerHeld()}. */
    synchronized FakeGrantLedger holdAnswers() {
        holding = true;
        return this;
    }

    /** The next {@code calls} calls fail as if the ledger did not answer. */
    synchronized void unavailableFor(int calls) {
        unavailableCalls = calls;
    }

    void answerHeld() {
        List<CompletableFuture<Void>> waiting;
        synchronized (this) {
            holding = false;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        waiting.forEach(answer -> answer.complete(null));
    }

    synchronized int answersHeld() {
        return held.size();
    }

    synchronized long availableMicros() {
        return initialBalanceMicros - spentMicros - reservedByGrant.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long spentMicros() {
        return spentMicros;
    }

    @Override
    public Uni<HoldAnswer> placeGrant(String accountId, String grantId, long amountMicros, String currency) {
        return answer(() -> {
            synchronized (this) {
                askedSizes.add(amountMicros);
                long available = availableMicros();
                if (amountMicros > available) {
                    throw new InsufficientCreditsException("can spend " + available, OptionalLong.of(available));
                }
                placements.add(grantId);
                placedSizes.add(amountMicros);
                reservedByGrant.put(grantId, amountMicros);
                heldByGrant.put(grantId, amountMicros);
                return new HoldAnswer(grantId, "open", amountMicros, currency, initialBalanceMicros - spentMicros, availableMicros(), ++sequence);
            }
        });
    }

    @Override
    public Uni<HoldAnswer> settleGrant(String grantId, long usedMicros) {
        return answer(() -> {
            synchronized (this) {
                Long reserved = reservedByGrant.remove(grantId);
                if (reserved == null) {
                    throw new HoldConflictException("grant " + grantId + " is not open");
                }
                settlements.add(grantId + " used " + usedMicros);
                // what was used is spent (as if its charges were all in); the rest goes back
                spentMicros += Math.min(usedMicros, heldByGrant.get(grantId));
                return new HoldAnswer(grantId, "captured", usedMicros, "EUR", initialBalanceMicros - spentMicros, availableMicros(), ++sequence);
            }
        });
    }

    private Uni<HoldAnswer> answer(Supplier<HoldAnswer> decision) {
        CompletableFuture<Void> gate;
        synchronized (this) {
            if (unavailableCalls > 0) {
                unavailableCalls--;
                return Uni.createFrom().failure(new LedgerUnavailableException("the ledger did not answer", null));
            }
            gate = new CompletableFuture<>();
            if (holding) {
                held.add(gate);
            } else {
                gate.complete(null);
            }
        }
        return Uni.createFrom().completionStage(gate).map(ignored -> decision.get());
    }

    @Override
    public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
        throw new UnsupportedOperationException("the leases place grants, not request holds");
    }

    @Override
    public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Uni<HoldAnswer> release(String holdId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Optional<Money>> balance(String accountId) {
        synchronized (this) {
            return Uni.createFrom().item(Optional.of(Money.ofMicros(initialBalanceMicros - spentMicros, "EUR")));
        }
    }
}
