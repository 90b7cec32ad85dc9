package dev.tollgate.ledger.application;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.domain.LedgerDecisions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Seeds a demo account with credits, for the local launcher and tests only (both properties unset
 * in production). Applied once: the cause id is fixed, so a restart does not add credits again.
 */
@ApplicationScoped
public class DemoCredits {

    private static final Logger LOG = Logger.getLogger(DemoCredits.class);

    void seed(@Observes StartupEvent started, LedgerAppender appender,
              @ConfigProperty(name = "tollgate.demo.account-id") Optional<String> accountId,
              @ConfigProperty(name = "tollgate.demo.initial-credits-micros") Optional<Long> creditsMicros,
              @ConfigProperty(name = "tollgate.ledger.currency") String currency) throws Throwable {
        if (accountId.isEmpty() || creditsMicros.isEmpty()) {
            return;
        }
        Cause cause = new Cause("demo-credits", accountId.get(), "demo-credits:" + accountId.get(), null, Instant.now());
        Money credits = Money.ofMicros(creditsMicros.get(), currency);
        int appended = VertxContextSupport.subscribeAndAwait(() ->
                appender.append(cause, state -> LedgerDecisions.adjust(state, credits, "demo credits", "launcher"))).size();
        LOG.infof("demo account %s: %s", accountId.get(), appended == 0 ? "already seeded" : "seeded with demo credits");
    }
}
