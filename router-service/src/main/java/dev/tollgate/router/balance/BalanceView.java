package dev.tollgate.router.balance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.tollgate.contracts.LedgerBalance;
import dev.tollgate.contracts.Money;

/**
 * The router's read-only picture of every account's balance. Two sources, the freshest wins:
 * <ul>
 *   <li>the ledger's compacted balances topic: each record carries the sequence of the last log entry it
 *       includes, so the highest sequence wins and a duplicate or an older record (Kafka delivers at
 *       least once, and every start replays the topic) changes nothing;</li>
 *   <li>the ledger's answers to this instance's hold commands, which say the balance at that instant:
 *       they replace what is known at once. They carry no sequence, so a topic record that was already
 *       on its way may briefly show an older balance again until the next record or hold answer.</li>
 * </ul>
 */
public final class BalanceView {

    private final Map<String, KnownBalance> balancesByAccount = new ConcurrentHashMap<>();

    /**
     * Takes in one record of the balances topic.
     *
     * @return {@code true} if it moved the account forward, {@code false} if it was already seen or older
     */
    public boolean apply(LedgerBalance record) {
        KnownBalance offered = new KnownBalance(record.lastSequence(), record.balance(), record.available());
        KnownBalance kept = balancesByAccount.merge(record.accountId(), offered,
                (current, candidate) -> candidate.sequence() > current.sequence() ? candidate : current);
        return kept == offered;
    }

    /** What a hold answer said about the account just now. */
    public void observe(String accountId, Money balance, Money available) {
        balancesByAccount.merge(accountId, new KnownBalance(0, balance, available),
                (current, observed) -> new KnownBalance(current.sequence(), balance, available));
    }

    /** The latest balance known for the account, empty while the router has seen none. */
    public Optional<Money> balanceOf(String accountId) {
        return Optional.ofNullable(balancesByAccount.get(accountId)).map(KnownBalance::balance);
    }

    /** The latest available balance (balance minus open holds) known for the account. */
    public Optional<Money> availableOf(String accountId) {
        return Optional.ofNullable(balancesByAccount.get(accountId)).map(KnownBalance::available);
    }

    /** The highest sequence seen on the balances topic for the account, 0 when none. */
    public long sequenceOf(String accountId) {
        KnownBalance known = balancesByAccount.get(accountId);
        return known == null ? 0 : known.sequence();
    }

    private record KnownBalance(long sequence, Money balance, Money available) {
    }
}
