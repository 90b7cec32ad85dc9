package dev.tollgate.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.Money;

/** Holds, given / when / then, without a database. */
class HoldDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final AccountState FUNDED = new AccountState("acct_1", eur(1_000), 4);

    @Test
    void holdThatFitsTheAvailableBalanceIsPlacedWithoutMovingMoney() {
        HoldPlaced placed = HoldDecisions.place(FUNDED, eur(600), command(400));

        assertThat(placed.sequence()).isEqualTo(5);
        assertThat(placed.amount()).isEqualTo(eur(0));
        assertThat(placed.balanceAfter()).isEqualTo(eur(1_000));
        assertThat(placed.held()).isEqualTo(eur(400));
        assertThat(FUNDED.evolve(placed).balance()).isEqualTo(eur(1_000));
    }

    @Test
    void holdAboveTheAvailableBalanceIsRefusedWithWhatIsAvailable() {
        assertThatThrownBy(() -> HoldDecisions.place(FUNDED, eur(600), command(401)))
                .isInstanceOfSatisfying(HoldRefused.InsufficientCredits.class,
                        refused -> assertThat(refused.available()).isEqualTo(eur(400)));
    }

    @Test
    void anAccountWithoutAStreamCannotHold() {
        assertThatThrownBy(() -> HoldDecisions.place(AccountState.unopened("acct_new", "EUR"), eur(0), command(1)))
                .isInstanceOf(HoldRefused.InsufficientCredits.class);
    }

    @Test
    void captureKeepsTheActualCostAndReleasesTheRestCappedAtTheHold() {
        HoldCaptured captured = HoldDecisions.capture(FUNDED, open(400), eur(150));
        assertThat(captured.captured()).isEqualTo(eur(150));
        assertThat(captured.released()).isEqualTo(eur(250));
        assertThat(captured.amount()).isEqualTo(eur(0));

        HoldCaptured capped = HoldDecisions.capture(FUNDED, open(400), eur(900));
        assertThat(capped.captured()).isEqualTo(eur(400));
        assertThat(capped.released()).isEqualTo(eur(0));
    }

    @Test
    void onlyAnOpenHoldCanBeCapturedOrReleased() {
        Hold released = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(0), null, HoldStatus.RELEASED, false, NOW);

        assertThatThrownBy(() -> HoldDecisions.capture(FUNDED, released, eur(1))).isInstanceOf(HoldRefused.Conflict.class);
        assertThatThrownBy(() -> HoldDecisions.release(FUNDED, released)).isInstanceOf(HoldRefused.Conflict.class);
        HoldReleased release = HoldDecisions.release(FUNDED, open(400));
        assertThat(release.released()).isEqualTo(eur(400));
    }

    @Test
    void holdExpiresOnlyWhenOpenAndDue() {
        assertThat(HoldDecisions.expireIfDue(FUNDED, open(400), NOW.minusSeconds(1))).as("not yet due").isNull();
        HoldExpired expired = HoldDecisions.expireIfDue(FUNDED, open(400), NOW);
        assertThat(expired.released()).isEqualTo(eur(400));
        Hold captured = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(100), eur(100), HoldStatus.CAPTURED, false, NOW);
        assertThat(HoldDecisions.expireIfDue(FUNDED, captured, NOW.plusSeconds(60))).as("captured holds wait for their charge").isNull();
    }

    // ---- grants: a hold leased to a router instance, drawn down by the charges that name it ----

    @Test
    void aGrantIsPlacedLikeAHoldAndSaysItIsAGrant() {
        HoldPlaced placed = HoldDecisions.place(FUNDED, eur(0), new PlaceHold("acct_1", "grant_r1_acct_1_1", "grant_r1_acct_1_1",
                eur(1_000), NOW.plusSeconds(600), HoldKind.GRANT));

        assertThat(placed.kind()).isEqualTo(HoldKind.GRANT);
        assertThat(placed.held()).isEqualTo(eur(1_000));
        assertThatThrownBy(() -> HoldDecisions.place(FUNDED, eur(1), new PlaceHold("acct_1", "grant_2", "grant_2", eur(1_000),
                NOW.plusSeconds(600), HoldKind.GRANT))).isInstanceOf(HoldRefused.InsufficientCredits.class);
        assertThat(HoldDecisions.place(FUNDED, eur(0), command(10)).kind()).isEqualTo(HoldKind.REQUEST);
    }

    @Test
    void eachChargeNamingAnOpenGrantDrawsItDownNeverBelowZero() {
        Hold grant = grant(1_000, 1_000, 0, HoldStatus.OPEN, null);

        assertThat(HoldDecisions.reservedAfterCharge(grant, eur(300))).isEqualTo(eur(700));
        assertThat(HoldDecisions.reservedAfterCharge(grant(1_000, 200, 800, HoldStatus.OPEN, null), eur(300))).isEqualTo(eur(0));
        assertThat(HoldDecisions.reservedAfterCharge(grant(1_000, 0, 1_000, HoldStatus.EXPIRED, null), eur(50))).isEqualTo(eur(0));
    }

    @Test
    void aRequestHoldStopsReservingAtItsCharge() {
        assertThat(HoldDecisions.reservedAfterCharge(open(400), eur(150))).isEqualTo(eur(0));
        Hold captured = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(150), eur(150), HoldStatus.CAPTURED, false, NOW);
        assertThat(HoldDecisions.reservedAfterCharge(captured, eur(149))).isEqualTo(eur(0));
    }

    @Test
    void settlingAGrantKeepsWhatWasUsedAndIsNotChargedYetAndGivesTheRestBack() {
        // a grant of 1,000 with 300 charged already: reserves 700; the router used 450 on it
        Hold grant = grant(1_000, 700, 300, HoldStatus.OPEN, null);

        HoldCaptured settled = HoldDecisions.capture(FUNDED, grant, eur(450));

        assertThat(settled.captured()).isEqualTo(eur(450));
        assertThat(HoldDecisions.reservedAfterCapture(grant, settled.captured())).as("used, not charged yet").isEqualTo(eur(150));
        assertThat(settled.released()).as("back at once").isEqualTo(eur(550));
        assertThat(settled.amount()).isEqualTo(eur(0));
        // the charges still to come draw the rest down to zero
        Hold afterwards = grant(1_000, 150, 300, HoldStatus.CAPTURED, eur(450));
        assertThat(HoldDecisions.reservedAfterCharge(afterwards, eur(100))).isEqualTo(eur(50));
        assertThat(HoldDecisions.reservedAfterCharge(grant(1_000, 50, 400, HoldStatus.CAPTURED, eur(450)), eur(60))).isEqualTo(eur(0));
    }

    @Test
    void aGrantSettledBelowWhatIsChargedAlreadyReservesNothingAndAboveItsSizeIsCapped() {
        Hold charged = grant(1_000, 400, 600, HoldStatus.OPEN, null);
        HoldCaptured below = HoldDecisions.capture(FUNDED, charged, eur(500));
        assertThat(HoldDecisions.reservedAfterCapture(charged, below.captured())).isEqualTo(eur(0));
        assertThat(below.released()).isEqualTo(eur(400));

        Hold fresh = grant(1_000, 1_000, 0, HoldStatus.OPEN, null);
        HoldCaptured above = HoldDecisions.capture(FUNDED, fresh, eur(5_000));
        assertThat(above.captured()).isEqualTo(eur(1_000));
        assertThat(HoldDecisions.reservedAfterCapture(fresh, above.captured())).isEqualTo(eur(1_000));
        assertThat(above.released()).isEqualTo(eur(0));
    }

    @Test
    void anOpenGrantExpiresLikeAHoldAndGivesBackWhatItStillReserves() {
        HoldExpired expired = HoldDecisions.expireIfDue(FUNDED, grant(1_000, 640, 360, HoldStatus.OPEN, null), NOW);
        assertThat(expired.released()).isEqualTo(eur(640));
        assertThat(HoldDecisions.expireIfDue(FUNDED, grant(1_000, 40, 360, HoldStatus.CAPTURED, eur(400)), NOW.plusSeconds(60)))
                .as("a settled grant waits for its charges").isNull();
    }

    private static Hold grant(long held, long reserved, long charged, HoldStatus status, Money used) {
        return new Hold("grant_r1_acct_1_1", "acct_1", "grant_r1_acct_1_1", eur(held), eur(reserved), used, status, charged > 0,
                NOW, HoldKind.GRANT, eur(charged));
    }

    private static PlaceHold command(long micros) {
        return new PlaceHold("acct_1", "hold_1", "req_1", eur(micros), NOW.plusSeconds(30));
    }

    private static Hold open(long micros) {
        return new Hold("hold_1", "acct_1", "req_1", eur(micros), eur(micros), null, HoldStatus.OPEN, false, NOW);
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
