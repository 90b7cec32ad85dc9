package dev.tollgate.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One realistic example of every event type, as a producer would build it. */
final class ExampleEvents {

    static final String ACCOUNT = "acct_demo";
    static final Instant AT = Instant.parse("2026-11-23T10:15:30.123Z");

    private ExampleEvents() {
    }

    static EventEnvelope<?> of(EventType type) {
        EventPayload payload = switch (type) {
            case USAGE_RECORDED -> new UsageRecorded("req_01", "key_01", "sim-budget", "simulator",
                    RoutingMode.AUTO, "budget", 120, 20, 80, 200, false, "grant_r1a2b3c4_acct_demo_1");
            case USAGE_PRICED -> new UsagePriced("req_01", AT, "sim-budget", "simulator", RoutingMode.AUTO, breakdown(), "budget",
                    "grant_r1a2b3c4_acct_demo_1");
            case CREDITS_PURCHASED -> new CreditsPurchased("pay_01", "stripe", "pi_123",
                    eur(20_000_000), eur(300_000), eur(4_060_000), eur(24_360_000), "FR");
            case CREDITS_REFUNDED -> new CreditsRefunded("ref_01", "pay_01", "re_123", eur(5_000_000), eur(5_000_000));
            case DISPUTE_WON -> new DisputeWon("dispute_dp_123", "pay_01", "dp_123", eur(5_000_000), eur(5_000_000));
            case ACCOUNT_OPENED -> new AccountOpened(1, eur(0), eur(0));
            case BALANCE_ADJUSTED -> new BalanceAdjusted(2, eur(10_000_000), eur(10_000_000), "demo credits", "launcher");
            case PURCHASE_CREDITED -> new PurchaseCredited(3, eur(20_000_000), eur(30_000_000), "pay_01",
                    eur(300_000), eur(4_060_000), eur(24_360_000), "FR");
            case PLATFORM_FEE_CHANGE_SCHEDULED -> new PlatformFeeChangeScheduled("sim-budget", "EUR",
                    new BigDecimal("0.03"), new BigDecimal("0.08"), new BigDecimal("0.02"), new BigDecimal("0.08"), true,
                    Instant.parse("2027-01-01T00:00:00Z"), "sim-budget-fee@2027-01-01T00:00:00Z");
            case USAGE_CHARGED -> new UsageCharged(4, eur(-110), eur(29_999_890), "req_01", "sim-budget",
                    RoutingMode.AUTO, breakdown(), "simulator", "budget", "grant_r1a2b3c4_acct_demo_1");
            case REFUND_DEBITED -> new RefundDebited(5, eur(-5_000_000), eur(24_999_890), "ref_01", "pay_01");
            case CREDITS_REINSTATED -> new CreditsReinstated(5, eur(5_000_000), eur(29_999_890), "dispute_dp_123", "pay_01");
            case HOLD_PLACED -> new HoldPlaced(6, eur(0), eur(24_999_890), "grant_r1a2b3c4_acct_demo_2", "grant_r1a2b3c4_acct_demo_2",
                    eur(500_000), AT.plusSeconds(600), HoldKind.GRANT);
            case HOLD_CAPTURED -> new HoldCaptured(7, eur(0), eur(24_999_890), "hold_01", "req_02", eur(120), eur(49_880));
            case HOLD_RELEASED -> new HoldReleased(8, eur(0), eur(24_999_890), "hold_02", "req_03", eur(50_000));
            // a captured hold whose charge never arrived (the committed example is an open hold that expired)
            case HOLD_EXPIRED -> new HoldExpired(9, eur(0), eur(24_999_890), "hold_03", "req_04", eur(120), eur(120));
            case ACCOUNT_CLOSED -> new AccountClosed(10, eur(0), eur(0), "customer asked to close", "finance@example");
        };
        return EventEnvelope.wrap(UUID.nameUUIDFromBytes(type.name().getBytes()), ACCOUNT, AT,
                "cause-1", "req_01", payload);
    }

    static PriceBreakdown breakdown() {
        return new PriceBreakdown("price-v1", List.of(
                new PriceLine(TokenClass.PROMPT, 100, new BigDecimal("0.15"), new BigDecimal("0.05"),
                        new BigDecimal("0.000015"), new BigDecimal("0.000005")),
                new PriceLine(TokenClass.CACHED_PROMPT, 20, new BigDecimal("0.075"), new BigDecimal("0.05"),
                        new BigDecimal("0.0000015"), new BigDecimal("0.000001")),
                new PriceLine(TokenClass.COMPLETION, 80, new BigDecimal("0.60"), new BigDecimal("0.10"),
                        new BigDecimal("0.000048"), new BigDecimal("0.000008"))),
                new BigDecimal("0.0000645"), new BigDecimal("0.000014"), new BigDecimal("0.10"),
                new BigDecimal("0.00000645"), new BigDecimal("0.00008495"), eur(85),
                "EUR", BigDecimal.ONE, null);
    }

    static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
