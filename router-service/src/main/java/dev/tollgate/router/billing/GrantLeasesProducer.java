package dev.tollgate.router.billing;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.tollgate.router.balance.BalanceView;
import dev.tollgate.router.observability.GatewayMetrics;
import dev.tollgate.router.observability.MeteredGrantLedger;
import dev.tollgate.router.observability.MeteredLedgerHolds;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Makes this instance's {@link GrantLeases} the {@link LedgerHolds} the gateway pays with, and runs its rotation
 * every second. The instance id is new at every start, so a restarted instance never reuses a grant id.
 */
@ApplicationScoped
public class GrantLeasesProducer {

    private static final Logger LOG = Logger.getLogger(GrantLeasesProducer.class);
    private static final Duration SHUTDOWN_SETTLEMENT_WAIT = Duration.ofSeconds(5);

    private long rotationTimer = -1;

    @Produces
    @Singleton
    @Typed(GrantLeases.class)
    GrantLeases grantLeases(LedgerHoldsClient ledger, BalanceView balances, GrantConfig grants, LedgerClientConfig ledgerConfig,
                            GatewayMetrics metrics) {
        GrantSettings settings = new GrantSettings(grants.chunkMicros(), grants.shareOfAvailablePercent(), grants.renewBelowPercent(),
                grants.rotateAfter(), ledgerConfig.holdLifetime(), grants.settleAttempts());
        String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LOG.infof("gateway instance %s pays from leased grants (chunk %d micro-units, rotated after %s, lifetime %s)",
                instanceId, settings.chunkMicros(), settings.rotateAfter(), settings.lifetime());
        return new GrantLeases(new MeteredGrantLedger(ledger, metrics), ledger, balances, settings, instanceId, System::nanoTime);
    }

    /** What the gateway pays with: the leases, timed as each request sees them. */
    @Produces
    @Singleton
    LedgerHolds gatewayHolds(GrantLeases leases, GatewayMetrics metrics) {
        return new MeteredLedgerHolds(leases, metrics);
    }

    void startRotation(@Observes StartupEvent started, GrantLeases leases, Vertx vertx) {
        rotationTimer = vertx.setPeriodic(1_000, tick -> {
            try {
                leases.rotateAndSettle();
            } catch (RuntimeException e) {
                LOG.warnf(e, "grant rotation failed; retried in a second");
            }
        });
    }

    /** Unused credit goes back now rather than when the grants expire (a rolling restart, say). */
    void settleAtShutdown(@Observes ShutdownEvent stopping, GrantLeases leases, Vertx vertx) {
        if (rotationTimer >= 0) {
            vertx.cancelTimer(rotationTimer);
        }
        try {
            leases.retireAll().await().atMost(SHUTDOWN_SETTLEMENT_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("grants not all settled at shutdown (they expire at the ledger): %s", e.getMessage());
        }
    }
}
