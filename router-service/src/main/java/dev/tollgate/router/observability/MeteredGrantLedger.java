package dev.tollgate.router.observability;

import java.util.function.Supplier;

import dev.tollgate.router.billing.GrantLedger;
import dev.tollgate.router.billing.HoldAnswer;

import io.smallrye.mutiny.Uni;

/** Times the grant calls the gateway makes to the ledger (a new grant, a settlement), by operation and result. */
public final class MeteredGrantLedger implements GrantLedger {

    private final GrantLedger delegate;
    private final GatewayMetrics metrics;

    public MeteredGrantLedger(GrantLedger delegate, GatewayMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public Uni<HoldAnswer> placeGrant(String accountId, String grantId, long amountMicros, String currency) {
        return timed("place", () -> delegate.placeGrant(accountId, grantId, amountMicros, currency));
    }

    @Override
    public Uni<HoldAnswer> settleGrant(String grantId, long usedMicros) {
        return timed("settle", () -> delegate.settleGrant(grantId, usedMicros));
    }

    private Uni<HoldAnswer> timed(String operation, Supplier<Uni<HoldAnswer>> call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return call.get().onTermination().invoke((answer, failure, cancelled) ->
                    metrics.grantCalled(operation, MeteredLedgerHolds.resultOf(failure, cancelled), System.nanoTime() - started));
        });
    }
}
