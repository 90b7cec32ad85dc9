package dev.tollgate.router.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.LedgerBalance;
import dev.tollgate.contracts.Money;
import dev.tollgate.router.balance.BalanceView;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/** The leases without Quarkus or a network: a stand-in ledger with the ledger's rules for grants, and a clock the test moves. */
class GrantLeasesTest {

    private static final String ACCOUNT = "acct_a";
    private static final Duration ROTATE_AFTER = Duration.ofSeconds(30);
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final BalanceView balances = new BalanceView();
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private GrantLeases leases(FakeGrantLedger ledger, long chunkMicros) {
        return new GrantLeases(ledger, ledger, balances, new GrantSettings(chunkMicros, 25, 25, ROTATE_AFTER, LIFETIME, 3),
                "inst1", clock::get);
    }

    private void knownAvailable(long micros) {
        balances.apply(new LedgerBalance(ACCOUNT, Money.ofMicros(micros, "EUR"), Money.ofMicros(micros, "EUR"), 1));
    }

    private static HoldAnswer place(GrantLeases leases, String holdId, long micros) {
        return leases.place(ACCOUNT, holdId, "req_" + holdId, micros, "EUR").await().atMost(WAIT);
    }

    @Test
    void requestsAreReservedFromOneGrantWithoutAskingTheLedgerAgain() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        knownAvailable(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);

        List<HoldAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(place(leases, "hold_" + i, 5_000));
        }

        assertThat(ledger.placements).containsExactly("grant_inst1_acct_a_1");
        assertThat(ledger.placedSizes).as("min(chunk, 25% of 1,000,000)").containsExactly(100_000L);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.holdId()).as("the hold that pays").isEqualTo("grant_inst1_acct_a_1");
            assertThat(answer.heldMicros()).as("reserved for the request").isEqualTo(5_000);
        });
        assertThat(leases.grantsOf(ACCOUNT)).singleElement().satisfies(grant -> {
            assertThat(grant.reservedMicros()).isEqualTo(50_000);
            assertThat(grant.inFlight()).isEqualTo(10);
        });

        leases.capture("hold_0", 3_200).await().atMost(WAIT);
        leases.release("hold_1").await().atMost(WAIT);
        assertThat(leases.grantsOf(ACCOUNT)).singleElement().satisfies(grant -> {
            assertThat(grant.reservedMicros()).isEqualTo(40_000);
            assertThat(grant.usedMicros()).isEqualTo(3_200);
            assertThat(grant.inFlight()).isEqualTo(8);
        });
        assertThatThrownBy(() -> leases.capture("hold_0", 3_200).await().atMost(WAIT)).as("settled once")
                .isInstanceOf(HoldConflictException.class);
    }

    @Test
    void aGrantIsAShareOfASmallAccountsAvailableBalanceButAlwaysCoversTheRequest() {
        assertThat(settings().grantSize(0, 40_000L)).isEqualTo(10_000);
        assertThat(settings().grantSize(15_000, 40_000L)).isEqualTo(15_000);
        assertThat(settings().grantSize(1_000, 100_000_000L)).as("capped at the chunk").isEqualTo(1_000_000);
        assertThat(settings().grantSize(1_000, null)).as("available not known: the chunk").isEqualTo(1_000_000);
        assertThat(settings().grantSize(0, -5L)).isZero();
        assertThat(settings().grantSize(0, Long.MAX_VALUE)).as("no overflow").isEqualTo(1_000_000);
        assertThatThrownBy(() -> new GrantSettings(1, 25, 25, Duration.ofMinutes(6), LIFETIME, 3))
                .as("a lifetime shorter than twice the rotation leaves requests no time to finish")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static GrantSettings settings() {
        return new GrantSettings(1_000_000, 25, 25, ROTATE_AFTER, LIFETIME, 3);
    }

    @Test
    void manyThreadsReservingFromOneLeaseNeverExceedIt() throws Exception {
        // one grant of 100,000, and the ledger has nothing more to give
        FakeGrantLedger ledger = new FakeGrantLedger(100_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "first", 1);
        leases.release("first").await().atMost(WAIT);

        AtomicLong outstanding = new AtomicLong();
        AtomicLong mostOutstanding = new AtomicLong();
        AtomicLong used = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            workers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    String holdId = "h_" + thread + "_" + i;
                    long amount = ThreadLocalRandom.current().nextLong(1, 3_000);
                    HoldAnswer reserved;
                    try {
                        reserved = place(leases, holdId, amount);
                    } catch (InsufficientCreditsException e) {
                        refused.incrementAndGet();
                        continue;
                    }
                    // outstanding counts what is reserved and what was used: together never more than the grant
                    long now = outstanding.addAndGet(amount);
                    mostOutstanding.accumulateAndGet(now, Math::max);
                    if (i % 3 == 0) {
                        long cost = ThreadLocalRandom.current().nextLong(0, amount + 1);
                        used.addAndGet(cost);
                        outstanding.addAndGet(cost - amount);
                        leases.capture(holdId, cost).await().atMost(WAIT);
                    } else {
                        outstanding.addAndGet(-amount);
                        leases.release(holdId).await().atMost(WAIT);
                    }
                    assertThat(reserved.heldMicros()).isEqualTo(amount);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertThat(mostOutstanding.get()).as("worst cases reserved plus costs recorded, at any moment").isLessThanOrEqualTo(100_000);
        assertThat(refused.get()).as("the grant ran out").isPositive();
        long usedOnGrants = leases.grantsOf(ACCOUNT).stream().mapToLong(GrantLeases.GrantView::usedMicros).sum();
        assertThat(usedOnGrants + ledger.spentMicros()).isEqualTo(used.get());
        assertThat(leases.grantsOf(ACCOUNT)).allSatisfy(grant -> {
            assertThat(grant.reservedMicros()).isZero();
            assertThat(grant.inFlight()).isZero();
        });
    }

    @Test
    void manyThreadsOverLeasesRenewedAtTheLedgerNeverReserveMoreThanTheAccountHas() throws Exception {
        FakeGrantLedger ledger = new FakeGrantLedger(200_000);
        knownAvailable(200_000);
        GrantLeases leases = leases(ledger, 30_000);
        AtomicLong used = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            workers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 300; i++) {
                    String holdId = "h_" + thread + "_" + i;
                    long amount = ThreadLocalRandom.current().nextLong(100, 2_000);
                    try {
                        place(leases, holdId, amount);
                    } catch (InsufficientCreditsException e) {
                        continue;
                    }
                    long cost = amount / 2;
                    leases.capture(holdId, cost).await().atMost(WAIT);
                    used.addAndGet(cost);
                    if (i % 50 == 0) {
                        leases.rotateAndSettle();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        clock.addAndGet(ROTATE_AFTER.toNanos());
        leases.rotateAndSettle();

        await().atMost(WAIT).until(() -> leases.grantsOf(ACCOUNT).isEmpty());
        assertThat(ledger.placements.size()).as("grants placed").isGreaterThan(1);
        assertThat(ledger.spentMicros()).as("every cost settled at the ledger, once").isEqualTo(used.get());
        assertThat(used.get()).isLessThanOrEqualTo(200_000);
        assertThat(ledger.availableMicros()).isEqualTo(200_000 - used.get());
        assertThat(ledger.settlements).hasSameSizeAs(ledger.placements);
    }

    @Test
    void aRotatedGrantIsSettledOnceWhenItsLastRequestIsDoneWithWhatWasUsed() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        knownAvailable(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 10_000);
        place(leases, "b", 10_000);
        leases.capture("a", 4_000).await().atMost(WAIT);

        clock.addAndGet(ROTATE_AFTER.toNanos());
        HoldAnswer meanwhile = place(leases, "c", 10_000);
        HoldAnswer next = place(leases, "d", 10_000);

        assertThat(meanwhile.holdId()).as("served by the old grant while its successor is placed").isEqualTo("grant_inst1_acct_a_1");
        assertThat(next.holdId()).as("the successor after rotate-after").isEqualTo("grant_inst1_acct_a_2");
        assertThat(ledger.settlements).as("b and c are still in flight on the first grant").isEmpty();
        leases.rotateAndSettle();
        leases.capture("b", 2_500).await().atMost(WAIT);
        assertThat(ledger.settlements).isEmpty();

        leases.capture("c", 1_000).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> !ledger.settlements.isEmpty());
        leases.rotateAndSettle();
        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 7500");
        assertThat(leases.grantsOf(ACCOUNT)).extracting(GrantLeases.GrantView::grantId).containsExactly("grant_inst1_acct_a_2");
        assertThat(ledger.availableMicros()).as("the unused rest of the first grant went back").isEqualTo(1_000_000 - 7_500 - 100_000);
    }

    @Test
    void anIdleAccountsGrantIsSettledByTheRotationAndTheAccountForgotten() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        knownAvailable(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 10_000);
        leases.capture("a", 7_000).await().atMost(WAIT);

        leases.rotateAndSettle();
        assertThat(ledger.settlements).as("not yet rotated").isEmpty();
        clock.addAndGet(ROTATE_AFTER.toNanos());
        leases.rotateAndSettle();
        leases.rotateAndSettle();

        await().atMost(WAIT).until(() -> leases.grantsOf(ACCOUNT).isEmpty());
        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 7000");
        assertThat(ledger.availableMicros()).isEqualTo(1_000_000 - 7_000);
    }

    @Test
    void concurrentLastCapturesAndRotationSettleEachGrantExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
            GrantLeases leases = leases(ledger, 100_000);
            for (int i = 0; i < 8; i++) {
                place(leases, "r" + round + "_" + i, 1_000);
            }
            clock.addAndGet(ROTATE_AFTER.toNanos());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> finishing = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String holdId = "r" + round + "_" + i;
                finishing.add(threads.submit(() -> {
                    start.await();
                    return leases.capture(holdId, 500).await().atMost(WAIT);
                }));
            }
            finishing.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                    leases.rotateAndSettle();
                }
                return null;
            }));
            start.countDown();
            for (Future<?> done : finishing) {
                done.get(30, TimeUnit.SECONDS);
            }
            leases.rotateAndSettle();
            await().atMost(WAIT).until(() -> leases.grantsOf(ACCOUNT).isEmpty());
            assertThat(ledger.settlements).as("round %d", round).containsExactly(ledger.placements.get(0) + " used 4000");
        }
    }

    @Test
    void aSuccessorIsPlacedInTheBackgroundWhileRequestsGoOnWithoutWaiting() {
        FakeGrantLedger ledger = new FakeGrantLedger(10_000_000);
        knownAvailable(10_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 70_000);
        ledger.holdAnswers();

        HoldAnswer low = place(leases, "b", 10_000);
        assertThat(low.holdId()).isEqualTo("grant_inst1_acct_a_1");
        assertThat(ledger.answersHeld()).as("the successor asked for, below 25% left").isEqualTo(1);
        HoldAnswer meanwhile = place(leases, "c", 5_000);
        assertThat(meanwhile.holdId()).as("served from the current grant while the successor is on its way")
                .isEqualTo("grant_inst1_acct_a_1");

        ledger.answerHeld();
        await().atMost(WAIT).until(() -> leases.grantsOf(ACCOUNT).get(0).grantId().equals("grant_inst1_acct_a_2"));
        assertThat(place(leases, "d", 5_000).holdId()).isEqualTo("grant_inst1_acct_a_2");
        leases.capture("a", 1).await().atMost(WAIT);
        leases.capture("b", 1).await().atMost(WAIT);
        leases.capture("c", 1).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> ledger.settlements.size() == 1);
        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 3");
    }

    @Test
    void requestsThatDoNotFitWaitForOnePlacementAndAreServedFromIt() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000).holdAnswers();
        knownAvailable(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);

        List<Uni<HoldAnswer>> waiting = new ArrayList<>();
        List<HoldAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(leases.place(ACCOUNT, "w" + i, "req_w" + i, 20_000, "EUR"));
        }
        waiting.forEach(uni -> uni.subscribe().with(answers::add));
        assertThat(answers).isEmpty();
        assertThat(ledger.answersHeld()).as("one placement for all of them").isEqualTo(1);

        ledger.answerHeld();
        await().atMost(WAIT).until(() -> answers.size() == 5);
        assertThat(answers).extracting(HoldAnswer::holdId).containsOnly("grant_inst1_acct_a_1");
        assertThat(ledger.placements).hasSize(1);
    }

    @Test
    void refusedForAShareItAsksOnceMoreForWhatTheLedgerSaysIsAvailable() {
        FakeGrantLedger ledger = new FakeGrantLedger(40_000);
        knownAvailable(1_000_000); // stale: the account has spent most of it meanwhile
        GrantLeases leases = leases(ledger, 100_000);

        HoldAnswer reserved = place(leases, "a", 5_000);

        assertThat(ledger.askedSizes).as("refused 100,000; then 25% of the 40,000 the refusal named").containsExactly(100_000L, 10_000L);
        assertThat(reserved.holdId()).isEqualTo(ledger.placements.get(0));
    }

    @Test
    void refusedAgainTheRequestGets402WithWhatTheAccountCanStillSpendHereAndThere() {
        FakeGrantLedger ledger = new FakeGrantLedger(50_000);
        knownAvailable(50_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 2_000); // grant of 12,500: 10,500 unused here
        long ledgerAvailable = ledger.availableMicros();

        assertThatThrownBy(() -> place(leases, "big", 60_000))
                .isInstanceOfSatisfying(InsufficientCreditsException.class, refused -> assertThat(refused.availableMicros())
                        .as("what the ledger has left plus what this instance's grant has unused").hasValue(ledgerAvailable + 10_500));
        assertThat(ledger.askedSizes).as("asked once: the request's own need, no retry for less").containsExactly(12_500L, 60_000L);
    }

    @Test
    void anUnansweringLedgerFailsTheWaitingRequestsAsUnavailable() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        ledger.unavailableFor(1);
        GrantLeases leases = leases(ledger, 100_000);

        assertThatThrownBy(() -> place(leases, "a", 5_000)).isInstanceOf(LedgerUnavailableException.class)
                .isNotInstanceOf(HoldConflictException.class);
        assertThat(place(leases, "b", 5_000).holdId()).as("the next request asks again").isEqualTo("grant_inst1_acct_a_2");
    }

    @Test
    void aGrantPastItsRotationGoesOnServingWhileTheLedgerDoesNotAnswerButNotBeyondHalfItsLifetime() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 1_000);

        clock.addAndGet(ROTATE_AFTER.toNanos());
        ledger.unavailableFor(1);
        assertThat(place(leases, "b", 1_000).holdId()).as("its successor failed: still served").isEqualTo("grant_inst1_acct_a_1");
        assertThat(place(leases, "c", 1_000).holdId()).isEqualTo("grant_inst1_acct_a_1");
        assertThat(ledger.placements).hasSize(1);

        clock.addAndGet(LIFETIME.dividedBy(2).toNanos());
        ledger.unavailableFor(1);
        assertThatThrownBy(() -> place(leases, "late", 1_000)).as("half its lifetime is over: not any more")
                .isInstanceOf(LedgerUnavailableException.class);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(place(leases, "d", 1_000).holdId()).as("the ledger answers again: a new grant").startsWith("grant_inst1_acct_a_")
                .isNotEqualTo("grant_inst1_acct_a_1");
    }

    @Test
    void aSettlementIsRetriedWhileTheLedgerDoesNotAnswer() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 5_000);
        leases.capture("a", 5_000).await().atMost(WAIT);
        ledger.unavailableFor(2);

        clock.addAndGet(ROTATE_AFTER.toNanos());
        leases.rotateAndSettle();

        await().atMost(WAIT).until(() -> leases.grantsOf(ACCOUNT).isEmpty());
        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 5000");
    }

    @Test
    void aRequestThatStopsWaitingGivesItsReservationBack() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000).holdAnswers();
        GrantLeases leases = leases(ledger, 100_000);

        Cancellable gone = leases.place(ACCOUNT, "gone", "req_gone", 5_000, "EUR").subscribe().with(answer -> { });
        gone.cancel();
        ledger.answerHeld();

        await().atMost(WAIT).until(() -> !leases.grantsOf(ACCOUNT).isEmpty());
        assertThat(leases.grantsOf(ACCOUNT)).singleElement().satisfies(grant -> {
            assertThat(grant.inFlight()).isZero();
            assertThat(grant.reservedMicros()).isZero();
        });
    }

    @Test
    void aGrantWithRequestsStillInFlightNearItsExpiryIsSettledWithTheirWorstCases() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "done", 5_000);
        place(leases, "stuck", 8_000);
        leases.capture("done", 3_000).await().atMost(WAIT);

        clock.addAndGet(ROTATE_AFTER.toNanos());
        leases.rotateAndSettle();
        assertThat(ledger.settlements).isEmpty();
        clock.addAndGet(LIFETIME.minus(ROTATE_AFTER).minusMinutes(1).toNanos());
        leases.rotateAndSettle();

        await().atMost(WAIT).until(() -> !ledger.settlements.isEmpty());
        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 11000");
        leases.capture("stuck", 6_000).await().atMost(WAIT);
        leases.rotateAndSettle();
        assertThat(ledger.settlements).as("settled once").hasSize(1);
    }

    @Test
    void atShutdownIdleGrantsAreSettled() {
        FakeGrantLedger ledger = new FakeGrantLedger(1_000_000);
        GrantLeases leases = leases(ledger, 100_000);
        place(leases, "a", 5_000);
        leases.capture("a", 1_000).await().atMost(WAIT);

        leases.retireAll().await().atMost(WAIT);

        assertThat(ledger.settlements).containsExactly("grant_inst1_acct_a_1 used 1000");
        assertThat(ledger.availableMicros()).isEqualTo(999_000);
    }
}
