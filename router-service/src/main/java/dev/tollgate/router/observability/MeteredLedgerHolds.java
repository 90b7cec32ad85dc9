package dev.tollgate.router.observability;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import dev.tollgate.router.billing.HoldAnswer;
import dev.tollgate.router.billing.InsufficientCreditsException;
import dev.tollgate.router.billing.LedgerHolds;

import io.smallrye.mutiny.Uni;

/** Times every hold command the gateway sends to the ledger, by operation and result, without touching the client. */
@Decorator
@Priority(10)
public abstract class MeteredLedgerHolds implements LedgerHolds {

    @Inject
    @Delegate
    LedgerHolds delegate;

    @Inject
    GatewayMetrics metrics;

    @Override
    public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
        return timed("place", delegate.place(accountId, holdId, requestId, amountMicros, currency));
    }

    @Override
    public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
        return timed("capture", delegate.capture(holdId, amountMicros));
    }

    @Override
    public Uni<HoldAnswer> release(String holdId) {
        return timed("release", delegate.release(holdId));
    }

    private Uni<HoldAnswer> timed(String operation, Uni<HoldAnswer> call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return call.onTermination().invoke((answer, failure, cancelled) -> metrics.holdCalled(operation,
                    failure == null ? (cancelled ? "cancelled" : "ok")
                            : failure instanceof InsufficientCreditsException ? "insufficient_credits" : "unavailable",
                    System.nanoTime() - started));
        });
    }
}
