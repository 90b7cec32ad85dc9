package dev.tollgate.router.balance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.tollgate.contracts.Money;

/**
 * The router's read-only picture of every account's balance, learned from the ledger's log.
 * Each ledger entry carries its position in the account's stream and the balance right after it,
 * so the entry with the highest sequence wins: a duplicate or an older entry (Kafka delivers at
 * least once, and a replay starts from the beginning) changes nothing.
 */
public final class BalanceView {

    private final Map<String, KnownBalance> balancesByAccount = new ConcurrentHashMap<>();

    /**
     * Takes in one ledger entry.
     *
     * @return {@code true} if it moved the account forward, {@code false} if it was already seen or older
     */
    public boolean apply(String accountId, long sequence, Money balanceAfter) {
        KnownBalance offered = new KnownBalance(sequence, balanceAfter);
        KnownBalance kept = balancesByAccount.merge(accountId, offered,
                (current, candidate) -> candidate.sequence() > current.sequence() ? candidate : current);
        return kept == offered;
    }

    /** The latest balance seen for the account, empty while the router has seen no ledger entry for it. */
    public Optional<Money> balanceOf(String accountId) {
        return Optional.ofNullable(balancesByAccount.get(accountId)).map(KnownBalance::balance);
    }

    /** The highest sequence seen for the account, 0 when none. */
    public long sequenceOf(String accountId) {
        KnownBalance known = balancesByAccount.get(accountId);
        return known == null ? 0 : known.sequence();
    }

    private record KnownBalance(long sequence, Money balance) {
    }
}
