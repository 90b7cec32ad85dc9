package dev.tollgate.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.Money;

/** Captured holds whose charge never arrives, given / when / then, without a database. */
class UnchargedCapturesTest {

    private static final Instant CAPTURED_AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration ONE_DAY = Duration.ofHours(24);
    private static final AccountState FUNDED = new AccountState("acct_1", eur(1_000), 6);

    @Test
    void aCaptureStillUnchargedAfterTheAllowedTimeIsReleasedNamingTheCapturedCost() {
        HoldExpired released = UnchargedCaptures.releaseIfLapsed(FUNDED, captured(150, false), CAPTURED_AT,
                CAPTURED_AT.plus(ONE_DAY), ONE_DAY);

        assertThat(released).isEqualTo(new HoldExpired(7, eur(0), eur(1_000), "hold_1", "req_1", eur(150), eur(150)));
        assertThat(FUNDED.evolve(released).balance()).as("releasing moves no money").isEqualTo(eur(1_000));
    }

    @Test
    void aCaptureIsLeftAloneBeforeItsTime() {
        assertThat(UnchargedCaptures.releaseIfLapsed(FUNDED, captured(150, false), CAPTURED_AT,
                CAPTURED_AT.plus(ONE_DAY).minusMillis(1), ONE_DAY)).isNull();
    }

    @Test
    void aChargedCaptureAndHoldsThatAreNotCapturedAreLeftAlone() {
        Instant muchLater = CAPTURED_AT.plus(Duration.ofDays(30));

        assertThat(UnchargedCaptures.releaseIfLapsed(FUNDED, captured(150, true), CAPTURED_AT, muchLater, ONE_DAY))
                .as("its charge arrived").isNull();
        Hold open = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(400), null, HoldStatus.OPEN, false, CAPTURED_AT);
        assertThat(UnchargedCaptures.releaseIfLapsed(FUNDED, open, CAPTURED_AT, muchLater, ONE_DAY))
                .as("open holds expire by their own time").isNull();
        Hold expired = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(0), eur(150), HoldStatus.EXPIRED, false, CAPTURED_AT);
        assertThat(UnchargedCaptures.releaseIfLapsed(FUNDED, expired, CAPTURED_AT, muchLater, ONE_DAY))
                .as("released before").isNull();
        Hold capturedAtZero = new Hold("hold_1", "acct_1", "req_1", eur(400), eur(0), eur(0), HoldStatus.CAPTURED, false, CAPTURED_AT);
        assertThat(UnchargedCaptures.releaseIfLapsed(FUNDED, capturedAtZero, CAPTURED_AT, muchLater, ONE_DAY))
                .as("nothing reserved").isNull();
    }

    private static Hold captured(long capturedMicros, boolean charged) {
        return new Hold("hold_1", "acct_1", "req_1", eur(400), charged ? eur(0) : eur(capturedMicros), eur(capturedMicros),
                HoldStatus.CAPTURED, charged, CAPTURED_AT.plusSeconds(30));
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
