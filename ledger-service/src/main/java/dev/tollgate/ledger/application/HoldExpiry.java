package dev.tollgate.ledger.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Releases holds nobody captured or released in time (a router that crashed mid-request), so credits
 * are never locked for longer than a hold's lifetime plus one check interval. Each expiry is its own
 * transaction under the account's lock and appends a {@code HoldExpired}; running it on several
 * instances at once is safe (a hold that is no longer open is left alone).
 */
@ApplicationScoped
public class HoldExpiry {

    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    private static final int BATCH = 500;

    private final Holds holds;

    public HoldExpiry(Holds holds) {
        this.holds = holds;
    }

    // skipped while the application starts or stops (the database pool may already be closed)
    @Scheduled(every = "${tollgate.ledger.holds.expiry-check-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void expireDueHolds() throws Throwable {
        Instant now = Instant.now();
        List<String> due = VertxContextSupport.subscribeAndAwait(() -> holds.dueForExpiry(now, BATCH));
        int expired = 0;
        for (String holdId : due) {
            try {
                if (VertxContextSupport.subscribeAndAwait(() -> holds.expireIfDue(holdId, now)).changed()) {
                    expired++;
                }
            } catch (RuntimeException e) {
                // one hold failing must not keep the others locked; it is retried at the next check
                LOG.warnf("could not expire hold %s: %s", holdId, e.getMessage());
            }
        }
        if (expired > 0) {
            LOG.debugf("expired %d holds", expired);
        }
    }
}
