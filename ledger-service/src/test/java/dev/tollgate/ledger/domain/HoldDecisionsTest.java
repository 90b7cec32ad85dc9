package dev.tollgate.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
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
