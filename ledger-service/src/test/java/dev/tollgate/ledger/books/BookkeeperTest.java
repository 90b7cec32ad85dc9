package dev.tollgate.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.CreditsReinstated;
import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.EventType;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;

/** Double entry: every ledger event type maps to balanced postings, and so does any whole log. */
class BookkeeperTest {

    private static final String ACCOUNT = "acct_books";

    /** One sample of every event type on the ledger's log. A new type without a sample (and a rule) fails here. */
    private static final List<LedgerEvent> ONE_OF_EACH_TYPE = List.of(
            new AccountOpened(1, eur(0), eur(0)),
            new PurchaseCredited(2, eur(20_000_000), eur(20_000_000), "pay_1", eur(300_000), eur(4_060_000), eur(24_360_000), "FR"),
            usage(3, 1_124, "0.0008005", "0.0002", "0.000123"),
            new RefundDebited(4, eur(-5_000_000), eur(14_998_876), "ref_1", "pay_1"),
            new CreditsReinstated(5, eur(5_000_000), eur(19_998_876), "dispute_dp_1", "pay_1"),
            new BalanceAdjusted(5, eur(-1_000), eur(14_997_876), "goodwill reversed", "finance@example"),
            new HoldPlaced(6, eur(0), eur(14_997_876), "hold_1", "req_2", eur(50_000), Instant.EPOCH),
            new HoldCaptured(7, eur(0), eur(14_997_876), "hold_1", "req_2", eur(20_000), eur(30_000)),
            new HoldReleased(8, eur(0), eur(14_997_876), "hold_2", "req_3", eur(50_000)),
            new HoldExpired(9, eur(0), eur(14_997_876), "hold_3", "req_4", eur(50_000)),
            new AccountClosed(10, eur(0), eur(14_997_876), "customer left", "finance@example"),
            // a captured hold whose charge never arrived, released by the sweeper: still no money
            new HoldExpired(11, eur(0), eur(14_997_876), "hold_4", "req_5", eur(20_000), eur(20_000)));

    @Test
    void everyLedgerEventTypeHasABalancedJournal() {
        Set<Class<?>> ledgerTypes = Arrays.stream(EventType.values()).filter(type -> type.topic().equals(Topics.LEDGER_EVENTS))
                .map(EventType::payloadClass).collect(Collectors.toSet());
        assertThat(ONE_OF_EACH_TYPE.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("a sample of every ledger event type").isEqualTo(ledgerTypes);

        for (LedgerEvent event : ONE_OF_EACH_TYPE) {
            JournalEntry journal = Bookkeeper.journalFor(ACCOUNT, event);
            assertThat(journal.debitsMicros()).as(event.getClass().getSimpleName()).isEqualTo(journal.creditsMicros());
            assertThat(journal.creditMinusDebitMicros(BookAccount.customerCredit(ACCOUNT)))
                    .as("customer liability moves by the entry's amount: " + event.getClass().getSimpleName())
                    .isEqualTo(event.amount().amountMicros());
        }
    }

    @Test
    void holdsAndClosingPostNothing() {
        for (LedgerEvent event : ONE_OF_EACH_TYPE.subList(6, ONE_OF_EACH_TYPE.size())) {
            assertThat(Bookkeeper.journalFor(ACCOUNT, event).postings()).as(event.getClass().getSimpleName()).isEmpty();
        }
    }

    @Test
    void aWonDisputeGivesBackWhatItsDebitMovedToRefundsPayable() {
        JournalEntry debit = Bookkeeper.journalFor(ACCOUNT, new RefundDebited(4, eur(-5_000_000), eur(0), "dispute_dp_1", "pay_1"));
        JournalEntry reinstated = Bookkeeper.journalFor(ACCOUNT,
                new CreditsReinstated(5, eur(5_000_000), eur(5_000_000), "dispute_dp_1", "pay_1"));
        assertThat(debit.creditMinusDebitMicros(BookAccount.REFUNDS_PAYABLE)).isEqualTo(5_000_000);
        assertThat(reinstated.creditMinusDebitMicros(BookAccount.REFUNDS_PAYABLE)).isEqualTo(-5_000_000);
        assertThat(reinstated.creditMinusDebitMicros(BookAccount.customerCredit(ACCOUNT))).isEqualTo(5_000_000);
    }

    @Test
    void closingAnAccountMovesNoMoney() {
        JournalEntry journal = Bookkeeper.journalFor(ACCOUNT, new AccountClosed(5, eur(0), eur(0), "customer left", "finance@example"));

        assertThat(journal.postings()).isEmpty();
        assertThat(journal.creditMinusDebitMicros(BookAccount.customerCredit(ACCOUNT))).isZero();
    }

    @Test
    void purchasePostsGrossToClearingAndSplitsItIntoCreditsFeeAndVat() {
        JournalEntry journal = Bookkeeper.journalFor(ACCOUNT, ONE_OF_EACH_TYPE.get(1));

        assertThat(journal.postings()).extracting(posting -> posting.account().name(), Posting::side, posting -> posting.amount().amountMicros())
                .containsExactly(
                        tuple("asset:payment-provider-clearing", Posting.Side.DEBIT, 24_360_000L),
                        tuple("liability:customer-credit:acct_books", Posting.Side.CREDIT, 20_000_000L),
                        tuple("revenue:processing-fee", Posting.Side.CREDIT, 300_000L),
                        tuple("liability:vat-payable:FR", Posting.Side.CREDIT, 4_060_000L));
    }

    @Test
    void olderPurchaseWithoutFiguresPostsCreditsOnly() {
        JournalEntry journal = Bookkeeper.journalFor(ACCOUNT, new PurchaseCredited(2, eur(5_000_000), eur(5_000_000), "pay_old"));

        assertThat(journal.debitsMicros()).isEqualTo(5_000_000);
        assertThat(journal.creditMinusDebitMicros(BookAccount.PAYMENT_PROVIDER_CLEARING)).isEqualTo(-5_000_000);
    }

    @Test
    void grossThatDoesNotAddUpGoesToSuspense() {
        JournalEntry journal = Bookkeeper.journalFor(ACCOUNT,
                new PurchaseCredited(2, eur(1_000_000), eur(1_000_000), "pay_odd", eur(0), eur(0), eur(1_000_007), null));

        assertThat(journal.isBalanced()).isTrue();
        assertThat(journal.creditMinusDebitMicros(BookAccount.SUSPENSE)).isEqualTo(7);
    }

    @Test
    void usageSplitsCumulativelySoThePartsAddUpToTheRoundedTotal() {
        // upstream 800.5 µ, fee 200 µ, margin 123 µ: exact 1123.5 µ, charged 1124 µ (half up)
        UsageCharged charged = (UsageCharged) ONE_OF_EACH_TYPE.get(2);

        UsageRevenueSplit split = UsageRevenueSplit.of(charged);

        assertThat(split).isEqualTo(new UsageRevenueSplit(801, 200, 123));
        assertThat(split.totalMicros()).isEqualTo(1_124);
    }

    @Test
    void usageWhoseRoundedPartsExceedTheTotalNeverGetsANegativePart() {
        // 0.5 µ + 0.5 µ: each rounds up to 1 µ, the total 1.0 µ rounds to 1 µ
        UsageRevenueSplit split = UsageRevenueSplit.of(usage(2, 1, "0.0000005", "0.0000005", "0"));

        assertThat(split).isEqualTo(new UsageRevenueSplit(1, 0, 0));
    }

    @Test
    void aWholeRandomLogBalancesAndLiabilityEqualsEveryBalance() {
        Random random = new Random(42);
        Map<String, Long> balances = new HashMap<>();
        Map<String, Long> sequences = new HashMap<>();
        long debits = 0;
        long credits = 0;
        Map<BookAccount, Long> trialBalance = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String account = "acct_" + random.nextInt(20);
            long sequence = sequences.merge(account, 1L, Long::sum);
            long before = balances.getOrDefault(account, 0L);
            LedgerEvent event = sequence == 1 ? new AccountOpened(1, eur(0), eur(0)) : randomEvent(random, sequence, before);
            balances.put(account, before + event.amount().amountMicros());
            JournalEntry journal = Bookkeeper.journalFor(account, event);
            debits += journal.debitsMicros();
            credits += journal.creditsMicros();
            journal.postings().forEach(posting -> trialBalance.merge(posting.account(), posting.creditMinusDebitMicros(), Long::sum));
        }

        assertThat(debits).isPositive().isEqualTo(credits);
        assertThat(trialBalance.values().stream().mapToLong(Long::longValue).sum()).as("trial balance").isZero();
        balances.forEach((account, balance) -> assertThat(trialBalance.getOrDefault(BookAccount.customerCredit(account), 0L))
                .as("liability of " + account).isEqualTo(balance));
    }

    private static LedgerEvent randomEvent(Random random, long sequence, long before) {
        long amount;
        LedgerEvent event;
        switch (random.nextInt(5)) {
            case 0 -> {
                amount = 1 + random.nextInt(50_000_000);
                long fee = random.nextInt(500_000);
                long vat = random.nextInt(10_000_000);
                event = new PurchaseCredited(sequence, eur(amount), eur(before + amount), "pay", eur(fee), eur(vat),
                        eur(amount + fee + vat), random.nextBoolean() ? "DE" : null);
            }
            case 1 -> {
                amount = -(1 + random.nextInt(1_000_000));
                event = new RefundDebited(sequence, eur(amount), eur(before + amount), "ref", "pay");
            }
            case 4 -> {
                amount = 1 + random.nextInt(1_000_000);
                event = new CreditsReinstated(sequence, eur(amount), eur(before + amount), "dispute", "pay");
            }
            case 2 -> {
                amount = random.nextInt(2_000_000) - 1_000_000;
                event = new BalanceAdjusted(sequence, eur(amount), eur(before + amount), "why", "who");
            }
            default -> {
                BigDecimal upstream = BigDecimal.valueOf(random.nextInt(10_000_000), 7);
                BigDecimal fee = BigDecimal.valueOf(random.nextInt(10_000_000), 7);
                BigDecimal margin = upstream.multiply(new BigDecimal("0.10"));
                long total = dev.tollgate.pricing.Rounding.toMoney(upstream.add(fee).add(margin), "EUR").amountMicros();
                event = usage(sequence, total, upstream.toPlainString(), fee.toPlainString(), margin.toPlainString(), before - total);
            }
        }
        return event;
    }

    private static UsageCharged usage(long sequence, long totalMicros, String upstream, String fee, String margin) {
        return usage(sequence, totalMicros, upstream, fee, margin, 0);
    }

    private static UsageCharged usage(long sequence, long totalMicros, String upstream, String fee, String margin, long balanceAfter) {
        BigDecimal exact = new BigDecimal(upstream).add(new BigDecimal(fee)).add(new BigDecimal(margin));
        PriceBreakdown breakdown = new PriceBreakdown("v1", List.of(), new BigDecimal(upstream), new BigDecimal(fee),
                new BigDecimal("0.10"), new BigDecimal(margin), exact, eur(totalMicros));
        return new UsageCharged(sequence, eur(-totalMicros), eur(balanceAfter), "req", "sim-budget", RoutingMode.AUTO, breakdown, "simulator");
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
