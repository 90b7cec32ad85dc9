package dev.tollgate.ledger.books;

import java.util.List;

import dev.tollgate.contracts.Money;

/**
 * The double-entry view of one ledger event: postings whose debits equal their credits.
 * An event that moves no money (an account opened) has no postings.
 */
public record JournalEntry(List<Posting> postings) {

    public JournalEntry {
        postings = List.copyOf(postings);
    }

    public long debitsMicros() {
        return total(Posting.Side.DEBIT);
    }

    public long creditsMicros() {
        return total(Posting.Side.CREDIT);
    }

    public boolean isBalanced() {
        return debitsMicros() == creditsMicros();
    }

    /** Net change of one book account: credits minus debits (how a liability or revenue grows). */
    public long creditMinusDebitMicros(BookAccount account) {
        return postings.stream().filter(posting -> posting.account().equals(account))
                .mapToLong(Posting::creditMinusDebitMicros).reduce(0, Math::addExact);
    }

    private long total(Posting.Side side) {
        return postings.stream().filter(posting -> posting.side() == side)
                .map(Posting::amount).mapToLong(Money::amountMicros).reduce(0, Math::addExact);
    }
}
