package dev.tollgate.ledger.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.ledger.domain.HoldStatus;
import dev.tollgate.ledger.domain.UnchargedCaptures;
import dev.tollgate.ledger.persistence.AccountHoldEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Releases what captured holds keep reserved when their request's charge never arrives (see
 * {@link UnchargedCaptures}): after {@code tollgate.ledger.holds.uncharged-capture.release-after} (24 h by
 * default) the reservation is released with a {@code HoldExpired} entry that names the captured amount
 * ({@code capturedNotCharged}). A missing charge means a usage event was lost upstream, so each release is
 * also a warning in the log and the counter {@code tollgate.ledger.holds.uncharged.captures}, for finance.
 *
 * <p>Each release is its own transaction under the account's lock (like every hold command); running it on
 * several instances at once is safe: a hold released meanwhile, or charged, is left alone.
 */
@ApplicationScoped
public class UnchargedCaptureSweeper {

    private static final Logger LOG = Logger.getLogger(UnchargedCaptureSweeper.class);
    private static final int BATCH = 500;

    private final Mutiny.SessionFactory sessions;
    private final LedgerAppender appender;
    private final Duration releaseAfter;
    private final Counter released;

    public UnchargedCaptureSweeper(Mutiny.SessionFactory sessions, LedgerAppender appender, MeterRegistry metrics,
                                   @ConfigProperty(name = "tollgate.ledger.holds.uncharged-capture.release-after", defaultValue = "24h")
                                   Duration releaseAfter) {
        this.sessions = sessions;
        this.appender = appender;
        this.releaseAfter = releaseAfter;
        this.released = Counter.builder("tollgate.ledger.holds.uncharged.captures")
                .description("captured holds released because their request's charge never arrived (a usage event lost upstream)")
                .register(metrics);
    }

    /** One released reservation, as written to the log. */
    public record Released(String accountId, Instant capturedAt, HoldExpired entry) {
    }

    // skipped while the application starts or stops (the database pool may already be closed)
    @Scheduled(every = "${tollgate.ledger.holds.uncharged-capture.check-every:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void releaseLapsedCaptures() throws Throwable {
        releaseLapsed(Instant.now());
    }

    /** Releases every captured hold whose charge is still missing {@code releaseAfter} after its capture, as of {@code now}. */
    public List<Released> releaseLapsed(Instant now) throws Throwable {
        Instant capturedBefore = now.minus(releaseAfter);
        List<String> due = VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(session -> session.createSelectionQuery(
                        "select h.holdId from AccountHoldEntity h where h.status = 'captured' and h.reservedMicros > 0 "
                                + "and h.closedAt <= :capturedBefore order by h.closedAt", String.class)
                .setParameter("capturedBefore", capturedBefore)
                .setMaxResults(BATCH)
                .getResultList()));
        List<Released> releases = new ArrayList<>();
        for (String holdId : due) {
            try {
                Released release = VertxContextSupport.subscribeAndAwait(() -> releaseIfLapsed(holdId, now));
                if (release != null) {
                    releases.add(release);
                    tellFinance(release);
                }
            } catch (RuntimeException e) {
                // one hold failing must not keep the others reserved; it is tried again at the next check
                LOG.warnf("could not release captured hold %s: %s", holdId, e.getMessage());
            }
        }
        return releases;
    }

    /** Locks the hold's account, reads the hold under that lock and releases its reservation if still due. */
    private Uni<Released> releaseIfLapsed(String holdId, Instant now) {
        return sessions.withTransaction((session, transaction) -> session.createSelectionQuery(
                        "select h.accountId from AccountHoldEntity h where h.holdId = :holdId", String.class)
                .setParameter("holdId", holdId)
                .getSingleResult()
                .chain(accountId -> appender.lockAccount(session, accountId)
                        .chain(account -> session.find(AccountHoldEntity.class, holdId)
                                .chain(hold -> {
                                    Instant capturedAt = hold.closedAt == null ? hold.placedAt : hold.closedAt;
                                    HoldExpired expired = UnchargedCaptures.releaseIfLapsed(account.state(), hold.toHold(), capturedAt,
                                            now, releaseAfter);
                                    if (expired == null) {
                                        return Uni.createFrom().<Released>nullItem();
                                    }
                                    hold.status = HoldStatus.EXPIRED.columnValue();
                                    hold.reservedMicros = 0;
                                    // caused by the hold, like its other entries; it happened now
                                    Cause cause = new Cause(null, hold.accountId, hold.holdId, hold.requestId, Instant.now());
                                    return appender.write(session, account, cause, List.of(expired))
                                            .replaceWith(new Released(hold.accountId, capturedAt, expired));
                                }))));
    }

    private void tellFinance(Released release) {
        released.increment();
        HoldExpired entry = release.entry();
        LOG.warnf("captured hold %s of account %s (request %s): %d micro-units %s captured at %s were never charged within %s; "
                        + "the reservation is released (log sequence %d). The request's usage event was lost upstream: look for it "
                        + "in the router's usage journal and metering's dead letters",
                entry.holdId(), release.accountId(), entry.requestId(), entry.capturedNotCharged().amountMicros(),
                entry.capturedNotCharged().currency(), release.capturedAt(), releaseAfter, entry.sequence());
    }
}
