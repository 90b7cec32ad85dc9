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
 *   <li>the ledger's answers to this instance's grant (or hold) commands, which say the balance at that
 *       instant. An answer that carries the sequence of its figures is ordered with the topic's records
 *       (the highest sequence wins, so neither can take the view back); one without replaces what is known
 *       at once, and a topic record already on its way may briefly show an older balance again.</li>
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

    /** What a hold answer without a sequence said about the account just now. */
    public void observe(String accountId, Money balance, Money available) {
        balancesByAccount.merge(accountId, new KnownBalance(0, balance, available),
                (current, observed) -> new KnownBalance(current.sequence(), balance, available));
    }

    /**
     * What a ledger answer said about the account, as of the account's entry {@code sequence}: kept unless the
     * view already knows a later entry. Without a sequence (0) it is taken as {@link #observe(String, Money, Money)}.
     */
    public void observe(String accountId, long sequence, Money balance, Money available) {
        if (sequence <= 0) {
            observe(accountId, balance, available);
            return;
        }
        KnownBalance offered = new KnownBalance(sequence, balance, available);
        balancesByAccount.merge(accountId, offered,
                (current, candidate) -> candidate.sequence() >= current.sequence() ? candidate : current);
    }

    /** The latest balance known for the account, empty while the router has seen none. */
    public Optional<Money> balanceOf(String accountId) {
        return Optional.ofNullable(balancesByAccount.get(accountId)).map(KnownBalance::balance);
    }

    /** The latest available balance (balance minus open holds) known for the account. */
    public Optional<Money> availableOf(String accountId) {
        return Optional.ofNullable(balancesByAccount.get(accountId)).map(KnownBalance::available);
    }

    /** The sequence of the entry the known balance is as of (topic record or ledger answer), 0 when none. */
    public long sequenceOf(String accountId) {
        KnownBalance known = balancesByAccount.get(accountId);
        return known == null ? 0 : known.sequence();
    }

    private record KnownBalance(long sequence, Money balance, Money available) {
    }
}
