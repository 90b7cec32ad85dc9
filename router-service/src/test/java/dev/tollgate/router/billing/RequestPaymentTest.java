package dev.tollgate.router.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;

import io.smallrye.mutiny.Uni;

class RequestPaymentTest {

    private static final PricedCandidate CHEAP = candidate("cheap", 1_000);
    private static final PricedCandidate DEAR = candidate("dear", 5_000);
    private static final PricedCandidate MIDDLE = candidate("middle", 3_000);

    @Test
    void theHoldCoversTheLargestWorstCaseOfEveryCandidate() {
        FakeLedger ledger = new FakeLedger(10_000);

        RequestPayment payment = RequestPayment.authorise(ledger, "acct_a", "req_1", List.of(CHEAP, DEAR, MIDDLE)).await().indefinitely();

        assertThat(ledger.placed).containsExactly(5_000L);
        assertThat(payment.holdId()).isEqualTo("hold_req_1");
        assertThat(payment.held()).isEqualTo(Money.ofMicros(5_000, "EUR"));
        assertThat(payment.coveredCandidates()).containsExactly(CHEAP, DEAR, MIDDLE);
    }

    @Test
    void refusedForTheLargestItHoldsTheFirstCandidateAndKeepsOnlyTheFallbacksThatFit() {
        FakeLedger ledger = new FakeLedger(3_500);

        RequestPayment payment = RequestPayment.authorise(ledger, "acct_a", "req_2", List.of(MIDDLE, DEAR, CHEAP)).await().indefinitely();

        assertThat(ledger.placed).containsExactly(5_000L, 3_000L);
        assertThat(payment.held().amountMicros()).isEqualTo(3_000);
        assertThat(payment.coveredCandidates()).containsExactly(MIDDLE, CHEAP);
    }

    @Test
    void refusedForTheFirstCandidateNothingIsHeld() {
        FakeLedger ledger = new FakeLedger(500);

        assertThatThrownBy(() -> RequestPayment.authorise(ledger, "acct_a", "req_3", List.of(CHEAP, DEAR)).await().indefinitely())
                .isInstanceOf(InsufficientCreditsException.class)
                .satisfies(refused -> assertThat(((InsufficientCreditsException) refused).availableMicros()).hasValue(500));
        assertThat(ledger.placed).containsExactly(5_000L, 1_000L);
    }

    @Test
    void onlyTheFirstSettlementReachesTheLedger() {
        FakeLedger ledger = new FakeLedger(10_000);
        RequestPayment payment = RequestPayment.authorise(ledger, "acct_a", "req_4", List.of(CHEAP)).await().indefinitely();

        assertThat(payment.capture(Money.ofMicros(700, "EUR")).await().indefinitely()).isNotNull();
        assertThat(payment.release().await().indefinitely()).isNull();
        assertThat(payment.capture(Money.ofMicros(900, "EUR")).await().indefinitely()).isNull();

        assertThat(ledger.settlements).containsExactly("capture 700");
        assertThat(payment.isSettled()).isTrue();
    }

    @Test
    void theLedgersRefusalGivesTheAvailableBalanceInItsOwnMember() {
        ObjectMapper json = new ObjectMapper();
        assertThat(LedgerHoldsClient.availableIn(json.createObjectNode().put("detail", "can spend 99").put("availableMicros", 1234)))
                .hasValue(1234);
        assertThat(LedgerHoldsClient.availableIn(json.createObjectNode().put("detail", "account acct_a can spend 1234 micro-units")))
                .isEmpty();
    }

    private static PricedCandidate candidate(String model, long worstCaseMicros) {
        CatalogueEntry entry = new CatalogueEntry(model, "simulator", "standard", List.of(), 1000, 100, BigDecimal.ONE, "EUR",
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, "v1", Instant.EPOCH, "EUR",
                BigDecimal.ONE, null);
        return new PricedCandidate(entry, Money.ofMicros(worstCaseMicros, "EUR"));
    }

    /** A ledger with one account that refuses holds above what it can spend, like the real one. */
    private static final class FakeLedger implements LedgerHolds {
        private final long availableMicros;
        final List<Long> placed = new ArrayList<>();
        final List<String> settlements = new ArrayList<>();

        FakeLedger(long availableMicros) {
            this.availableMicros = availableMicros;
        }

        @Override
        public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
            placed.add(amountMicros);
            if (amountMicros > availableMicros) {
                return Uni.createFrom().failure(new InsufficientCreditsException("no", OptionalLong.of(availableMicros)));
            }
            return Uni.createFrom().item(new HoldAnswer(holdId, "open", amountMicros, currency, availableMicros,
                    availableMicros - amountMicros));
        }

        @Override
        public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
            settlements.add("capture " + amountMicros);
            return Uni.createFrom().item(new HoldAnswer(holdId, "captured", amountMicros, "EUR", availableMicros, availableMicros));
        }

        @Override
        public Uni<HoldAnswer> release(String holdId) {
            settlements.add("release");
            return Uni.createFrom().item(new HoldAnswer(holdId, "released", 0, "EUR", availableMicros, availableMicros));
        }

        @Override
        public Uni<Optional<Money>> balance(String accountId) {
            return Uni.createFrom().item(Optional.of(Money.ofMicros(availableMicros, "EUR")));
        }
    }
}
