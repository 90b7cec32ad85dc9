package dev.tollgate.ledger.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.domain.AccountClosing;
import io.smallrye.mutiny.Uni;

/**
 * Closes accounts for finance: appends {@link AccountClosed} when the account is settled (see
 * {@link AccountClosing} for the rule), once per client-chosen closure id.
 */
@ApplicationScoped
public class AccountClosures {

    /** Inbox consumer of closures: one closure id of one account is applied once. */
    static final String CLOSURES_INBOX = "finance-closures";

    private final LedgerAppender appender;

    public AccountClosures(LedgerAppender appender) {
        this.appender = appender;
    }

    /**
     * Closes the account, or changes nothing when this closure was applied before (empty).
     *
     * @throws dev.tollgate.ledger.domain.AccountRefused when the account is unknown, closed already or not settled
     */
    public Uni<Optional<AccountClosed>> close(String accountId, String closureId, String reason, String author) {
        Cause cause = new Cause(CLOSURES_INBOX, accountId, "closure:" + accountId + ":" + closureId, null, Instant.now());
        return appender.appendReading(cause, (session, state) -> reservedByHolds(session, accountId, state.balance().currency())
                        .map(reserved -> List.<LedgerEvent>of(AccountClosing.close(state, reserved, reason, author))))
                .map(entries -> entries.stream().filter(AccountClosed.class::isInstance).map(AccountClosed.class::cast).findFirst());
    }

    /** What the account's holds reserve (open holds, captured holds waiting for their charge), read under the account's lock. */
    private static Uni<Money> reservedByHolds(Mutiny.Session session, String accountId, String currency) {
        return session.createNativeQuery(
                        "select coalesce(sum(reserved_micros), 0)::bigint from account_hold where account_id = :account and reserved_micros > 0",
                        Long.class)
                .setParameter("account", accountId)
                .getSingleResult()
                .map(micros -> Money.ofMicros(micros, currency));
    }
}
