package dev.tollgate.router.billing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.router.limits.KeyLimits;
import dev.tollgate.router.messaging.UsageRecordedPublisher;
import dev.tollgate.router.routing.WorstCaseEstimator;
import dev.tollgate.router.upstream.UpstreamUsage;

import io.smallrye.mutiny.Uni;

/**
 * Ends a paid request. Billable: the usage is recorded (durably, before the client gets its answer), naming the
 * grant that paid for it; then, without holding up the answer, the cost is recorded on that grant (capture) and
 * the key's spend is recorded. Not billable: the reservation is released. The one debit is the
 * {@code UsageCharged} metering produces from the recorded usage, which draws the grant down at the ledger.
 */
@ApplicationScoped
public class UsageBilling {

    private static final Logger LOG = Logger.getLogger(UsageBilling.class);

    private final UsageRecordedPublisher usagePublisher;
    private final WorstCaseEstimator estimator;
    private final Instance<KeyLimits> keyLimits;

    public UsageBilling(UsageRecordedPublisher usagePublisher, WorstCaseEstimator estimator, Instance<KeyLimits> keyLimits) {
        this.usagePublisher = usagePublisher;
        this.estimator = estimator;
        this.keyLimits = keyLimits;
    }

    /** What the usage costs at the current prices, as metering will charge it. */
    public Money costOf(BillableRequest paid, CatalogueEntry servedBy, UpstreamUsage usage) {
        return estimator.actualCost(servedBy, usage.promptTokens(), usage.cachedPromptTokens(), usage.completionTokens(),
                paid.routingMode());
    }

    /**
     * Bills the usage of the model that answered; fails with {@link UsageNotRecordedException} (hold
     * released) when the usage could not be recorded.
     *
     * @return the cost billed
     */
    public Uni<Money> bill(BillableRequest paid, CatalogueEntry servedBy, UpstreamUsage usage, int upstreamStatus,
                           boolean streamed) {
        Money cost = costOf(paid, servedBy, usage);
        UsageRecorded recorded = new UsageRecorded(paid.requestId(), paid.owner().keyId(), servedBy.model(),
                servedBy.provider(), paid.routingMode(), paid.tier().id(), usage.promptTokens(),
                usage.cachedPromptTokens(), usage.completionTokens(), upstreamStatus, streamed, paid.payment().paidBy());
        EventEnvelope<UsageRecorded> event = EventEnvelope.wrap(UUID.randomUUID(), paid.owner().accountId(),
                paid.receivedAt(), null, paid.requestId(), recorded);
        return usagePublisher.publish(event)
                .onFailure().call(failure -> {
                    LOG.errorf(failure, "%s: usage could not be recorded; releasing its hold", paid.requestId());
                    return release(paid);
                })
                .onFailure().transform(failure -> new UsageNotRecordedException(paid.requestId(), failure))
                // Off the answer's path: the grant already reserves the worst case, and the request's UsageCharged
                // draws the grant down whatever its state; the capture records the actual cost on the grant, so its
                // unused rest can go back to the account when the grant is settled.
                .invoke(() -> settle(paid, paid.payment().capture(cost), "capture")
                        .chain(() -> recordSpend(paid, usage, cost))
                        .subscribe().with(done -> { }, failure -> LOG.warnf("%s: settling after the answer failed: %s",
                                paid.requestId(), failure.getMessage())))
                .replaceWith(cost);
    }

    /** Nothing billable happened (upstream failure without tokens, refusal without tokens): the hold goes back. */
    public Uni<Void> release(BillableRequest paid) {
        return settle(paid, paid.payment().release(), "release");
    }

    private Uni<Void> settle(BillableRequest paid, Uni<HoldAnswer> command, String what) {
        return command
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s: %s of %s on %s failed (%s)", paid.requestId(), what, paid.payment().holdId(),
                            paid.payment().paidBy(), failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    private Uni<Void> recordSpend(BillableRequest paid, UpstreamUsage usage, Money cost) {
        if (!keyLimits.isResolvable()) {
            return Uni.createFrom().voidItem();
        }
        return keyLimits.get().recordSpend(paid.owner(), paid.requestId(), usage.totalTokens(), cost.amountMicros())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s: the key's spend could not be recorded: %s", paid.requestId(), failure.getMessage());
                    return null;
                });
    }

}
