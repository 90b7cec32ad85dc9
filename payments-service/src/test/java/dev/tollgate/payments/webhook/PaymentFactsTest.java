package dev.tollgate.payments.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Facts merge the same in any order and any number of times; the status is derived from them. */
class PaymentFactsTest {

    private static final List<StripeFact> STORY = List.of(
            new StripeFact.SessionCompleted("pay_1", "pi_1", false),
            new StripeFact.AsyncPaymentSucceeded("pay_1", "pi_1"),
            new StripeFact.ChargeRefunded("pi_1", "ch_1", 300),
            new StripeFact.ChargeRefunded("pi_1", "ch_1", 100), // an older cumulative amount, delivered late
            new StripeFact.DisputeOpened("pi_1", "ch_1", "dp_1", 1050),
            new StripeFact.DisputeClosed("pi_1", "ch_1", "dp_1", 1050, true));

    @Test
    void everyOrderAndDuplicatesGiveTheSameFacts() {
        Set<PaymentFacts> results = new HashSet<>();
        permute(new ArrayList<>(STORY), 0, results);
        assertThat(results).containsExactly(new PaymentFacts("pi_1", "ch_1", true, true, false, 300, "dp_1", true, 1050));
    }

    @Test
    void statusIsDerived() {
        PaymentFacts completedUnpaid = PaymentFacts.none().merge(STORY.get(0));
        assertThat(completedUnpaid.status(1050)).isEqualTo(PaymentStatus.PENDING);
        assertThat(completedUnpaid.merge(new StripeFact.AsyncPaymentFailed("pay_1", "pi_1")).status(1050)).isEqualTo(PaymentStatus.FAILED);
        PaymentFacts paid = completedUnpaid.merge(STORY.get(1));
        assertThat(paid.status(1050)).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.merge(new StripeFact.ChargeRefunded("pi_1", "ch_1", 1050)).status(1050)).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(paid.merge(STORY.get(4)).status(1050)).isEqualTo(PaymentStatus.DISPUTED);
        assertThat(paid.merge(STORY.get(4)).merge(new StripeFact.DisputeClosed("pi_1", "ch_1", "dp_1", 1050, false)).status(1050))
                .as("lost").isEqualTo(PaymentStatus.DISPUTED);
        assertThat(paid.merge(STORY.get(5)).status(1050)).as("won, even before it was opened").isEqualTo(PaymentStatus.PAID);
        assertThat(PaymentFacts.none().merge(new StripeFact.SessionCompleted("pay_1", "pi_1", true)).status(1050))
                .isEqualTo(PaymentStatus.PAID);
    }

    private static void permute(List<StripeFact> facts, int from, Set<PaymentFacts> results) {
        if (from == facts.size()) {
            PaymentFacts merged = PaymentFacts.none();
            for (StripeFact fact : facts) {
                merged = merged.merge(fact).merge(fact); // every delivery twice
            }
            results.add(merged);
            return;
        }
        for (int i = from; i < facts.size(); i++) {
            java.util.Collections.swap(facts, from, i);
            permute(facts, from + 1, results);
            java.util.Collections.swap(facts, from, i);
        }
    }
}
