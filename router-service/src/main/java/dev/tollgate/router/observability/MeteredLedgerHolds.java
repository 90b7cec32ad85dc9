package dev.tollgate.router.observability;

import java.util.Optional;
import java.util.function.Supplier;

import dev.tollgate.contracts.Money;
import dev.tollgate.router.billing.HoldAnswer;
import dev.tollgate.router.billing.InsufficientCreditsException;
import dev.tollgate.router.billing.LedgerHolds;

import io.smallrye.mutiny.Uni;

/**
 * Times the gateway's balance check as a request sees it (place before the upstream call, capture or release after),
 * by operation and result, around whatever pays for requests: the leased grants, which answer from memory and go to
 * the ledger only when a grant runs out (those calls are timed apart, {@link MeteredGrantLedger}).
 */
public final class MeteredLedgerHolds implements LedgerHolds {

    private final LedgerHolds delegate;
    private final GatewayMetrics metrics;

    public MeteredLedgerHolds(LedgerHolds delegate, GatewayMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
        return timed("place", () -> delegate.place(accountId, holdId, requestId, amountMicros, currency));
    }

    @Override
    public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
        return timed("capture", () -> delegate.capture(holdId, amountMicros));
    }

    @Override
    public Uni<HoldAnswer> release(String holdId) {
        return timed("release", () -> delegate.release(holdId));
    }

    @Override
    public Uni<Optional<Money>> balance(String accountId) {
        return delegate.balance(accountId);
    }

    private Uni<HoldAnswer> timed(String operation, Supplier<Uni<HoldAnswer>> call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return call.get().onTermination().invoke((answer, failure, cancelled) ->
                    metrics.holdCalled(operation, resultOf(failure, cancelled), System.nanoTime() - started));
        });
    }

    static String resultOf(Throwable failure, boolean cancelled) {
        if (failure == null) {
            return cancelled ? "cancelled" : "ok";
        }
        return failure instanceof InsufficientCreditsException ? "insufficient_credits" : "unavailable";
    }
}
